/**
 * Pickers of the writer screens: the folder to capture (read), the file to write (showSaveFilePicker: the
 * browser asks before replacing an existing file, and the new contents appear only when the job commits), and
 * the folder that receives split parts (readwrite). Each resolves to null when the user cancels.
 *
 * Test hook: headless Chromium rejects every picker, so the e2e suite sets `window.__imagewrightWriterPickers`
 * (through page.evaluate) to OPFS handles; the code path after the pick is the same as with a real folder.
 */

export interface WriterPickerOverrides {
  captureFolder?: () => Promise<FileSystemDirectoryHandle>;
  saveFile?: (suggestedName: string) => Promise<FileSystemFileHandle>;
  partsFolder?: () => Promise<FileSystemDirectoryHandle>;
}

declare global {
  interface Window {
    __imagewrightWriterPickers?: WriterPickerOverrides;
  }
}

interface PickerWindow {
  showDirectoryPicker?: (options: object) => Promise<FileSystemDirectoryHandle>;
  showSaveFilePicker?: (options: object) => Promise<FileSystemFileHandle>;
}

const isAbort = (error: unknown): boolean => (error as { name?: unknown }).name === 'AbortError';

async function orNull<T>(show: () => Promise<T>): Promise<T | null> {
  try {
    return await show();
  } catch (error) {
    if (isAbort(error)) return null;
    throw error;
  }
}

/** True when this browser can write files through handles (Chromium), or a test stands in for the pickers. */
export function canWriteFiles(): boolean {
  const w = window as PickerWindow;
  return Boolean(window.__imagewrightWriterPickers) || (typeof w.showSaveFilePicker === 'function' && typeof w.showDirectoryPicker === 'function');
}

export function pickCaptureFolder(): Promise<FileSystemDirectoryHandle | null> {
  const override = window.__imagewrightWriterPickers?.captureFolder;
  if (override) return override();
  const show = (window as PickerWindow).showDirectoryPicker;
  return show ? orNull(() => show.call(window, { mode: 'read', id: 'imagewright-capture' })) : Promise.resolve(null);
}

const IMAGE_TYPES = {
  wim: { description: 'Windows image (WIM)', accept: { 'application/x-ms-wim': ['.wim'] } },
  esd: { description: 'Windows image (ESD)', accept: { 'application/x-ms-wim': ['.esd'] } },
};

/** A file to write; `suggestedName` ends in .wim or .esd, which picks the file type offered. */
export function pickSaveFile(suggestedName: string): Promise<FileSystemFileHandle | null> {
  const override = window.__imagewrightWriterPickers?.saveFile;
  if (override) return override(suggestedName);
  const show = (window as PickerWindow).showSaveFilePicker;
  const type = /\.esd$/i.test(suggestedName) ? IMAGE_TYPES.esd : IMAGE_TYPES.wim;
  return show ? orNull(() => show.call(window, { suggestedName, id: 'imagewright-write', types: [type] })) : Promise.resolve(null);
}

export function pickPartsFolder(): Promise<FileSystemDirectoryHandle | null> {
  const override = window.__imagewrightWriterPickers?.partsFolder;
  if (override) return override();
  const show = (window as PickerWindow).showDirectoryPicker;
  return show ? orNull(() => show.call(window, { mode: 'readwrite', id: 'imagewright-split' })) : Promise.resolve(null);
}
