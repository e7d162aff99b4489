/**
 * Picking the folder an extraction writes into. Chromium offers showDirectoryPicker({ mode: 'readwrite' }), which
 * also works on the root of a mounted USB stick; other browsers have no folder picker, and the UI falls back to
 * downloads (platform/download.ts).
 *
 * Pickers cannot be clicked in headless tests, so the e2e suite arms the next pick with an OPFS directory
 * (navigator.storage.getDirectory()), which implements the same FileSystemDirectoryHandle interface as a real
 * folder: the extraction code path is the same.
 */

interface DirectoryPickerOptions {
  id?: string;
  mode?: 'read' | 'readwrite';
  startIn?: string;
}

type ShowDirectoryPicker = (options: DirectoryPickerOptions) => Promise<FileSystemDirectoryHandle>;

let armedPick: (() => Promise<FileSystemDirectoryHandle>) | undefined;

function nativeFolderPicker(): ShowDirectoryPicker | undefined {
  const candidate = (window as { showDirectoryPicker?: ShowDirectoryPicker }).showDirectoryPicker;
  return typeof candidate === 'function' ? candidate.bind(window) : undefined;
}

/** True when a folder can be picked (native picker, or one armed by a test). */
export function hasFolderPicker(): boolean {
  return armedPick !== undefined || nativeFolderPicker() !== undefined;
}

/**
 * Asks for a folder with write access. Resolves to null when the user cancels. Call from a click handler: the
 * native picker needs user activation.
 */
export async function pickTargetFolder(): Promise<FileSystemDirectoryHandle | null> {
  const armed = armedPick;
  if (armed) {
    armedPick = undefined; // one pick only, like a real dialog
    return armed();
  }
  const show = nativeFolderPicker();
  if (!show) return null;
  try {
    return await show({ id: 'imagewright-extract', mode: 'readwrite' });
  } catch (error) {
    if ((error as { name?: unknown }).name === 'AbortError') return null;
    throw error;
  }
}

/**
 * Test hook: the next pickTargetFolder() answers with the OPFS directory `name` instead of showing a dialog.
 * The directory is created, and emptied first unless `keep` is set (to pick the same folder again, as a user
 * extracting twice into one place does).
 */
export function armOpfsFolderForNextPick(name: string, keep = false): void {
  armedPick = async () => {
    const root = await navigator.storage.getDirectory();
    if (!keep) await root.removeEntry(name, { recursive: true }).catch(() => undefined);
    return root.getDirectoryHandle(name, { create: true });
  };
}
