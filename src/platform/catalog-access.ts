/**
 * Main-thread glue for the catalog: pickers that return handles (kept in the catalog), the permission dance on
 * stored handles (requestPermission needs a user gesture, so it runs here, in a click handler, never in the
 * worker), storage persistence and quota, and file download / upload of the catalog JSON.
 *
 * Test hook: when `window.__imagewrightPickers` is set (the e2e suite does it through page.evaluate), the pickers
 * return its handles instead of showing a dialog — headless Chromium rejects every picker at once.
 */

export interface PickerOverrides {
  files?: () => Promise<FileSystemFileHandle[]>;
  folder?: () => Promise<FileSystemDirectoryHandle>;
}

declare global {
  interface Window {
    __imagewrightPickers?: PickerOverrides;
  }
}

interface PickerWindow {
  showOpenFilePicker?: (options: object) => Promise<FileSystemFileHandle[]>;
  showDirectoryPicker?: (options: object) => Promise<FileSystemDirectoryHandle>;
}

type PermissionMode = 'read' | 'readwrite';
interface PermissionHandle {
  queryPermission?: (descriptor: { mode: PermissionMode }) => Promise<PermissionState>;
  requestPermission?: (descriptor: { mode: PermissionMode }) => Promise<PermissionState>;
}

const CATALOG_ACCEPT = {
  'application/x-ms-wim': ['.wim', '.esd', '.swm'],
  'application/x-iso9660-image': ['.iso'],
  'application/octet-stream': ['.img', '.vhd', '.vhdx', '.ffu'],
};
export const CATALOG_INPUT_ACCEPT = Object.values(CATALOG_ACCEPT).flat().join(',');

const isAbort = (error: unknown): boolean => (error as { name?: unknown }).name === 'AbortError';

/** True when files can be picked as handles (Chromium) or a test hook stands in for the picker. */
export function canPickHandles(): boolean {
  return Boolean(window.__imagewrightPickers?.files) || typeof (window as PickerWindow).showOpenFilePicker === 'function';
}

export function canPickFolders(): boolean {
  return Boolean(window.__imagewrightPickers?.folder) || typeof (window as PickerWindow).showDirectoryPicker === 'function';
}

/** Image files as handles; [] when the user cancels. Call from a click handler. */
export async function pickCatalogFiles(description: string): Promise<FileSystemFileHandle[]> {
  const override = window.__imagewrightPickers?.files;
  if (override) return override();
  const show = (window as PickerWindow).showOpenFilePicker;
  if (!show) return [];
  try {
    return await show.call(window, { multiple: true, id: 'imagewright-catalog', types: [{ description, accept: CATALOG_ACCEPT }] });
  } catch (error) {
    if (isAbort(error)) return [];
    throw error;
  }
}

/** A target folder with write access; undefined when the user cancels. Call from a click handler. */
export async function pickTargetFolder(): Promise<FileSystemDirectoryHandle | undefined> {
  const override = window.__imagewrightPickers?.folder;
  if (override) return override();
  const show = (window as PickerWindow).showDirectoryPicker;
  if (!show) return undefined;
  try {
    return await show.call(window, { mode: 'readwrite', id: 'imagewright-targets' });
  } catch (error) {
    if (isAbort(error)) return undefined;
    throw error;
  }
}

/**
 * Makes sure a stored handle may be used: asks only when the browser does not already grant it (after a
 * restart Chromium answers "prompt" until the user clicks). Returns false when the user refuses.
 */
export async function ensurePermission(handle: FileSystemHandle, mode: PermissionMode): Promise<boolean> {
  const h = handle as unknown as PermissionHandle;
  if (!h.queryPermission || !h.requestPermission) return true; // browsers without the permission API
  if ((await h.queryPermission({ mode })) === 'granted') return true;
  return (await h.requestPermission({ mode })) === 'granted';
}

/**
 * After a cancelled distribution the engine worker was terminated mid-copy: its writable was never closed (so
 * nothing was published), but the "<name>.iw-partial" entry exists. Remove it from here.
 */
export async function removePartialCopy(folder: FileSystemDirectoryHandle, fileName: string): Promise<void> {
  for (const name of [`${fileName}.iw-partial`, '.imagewright-probe']) {
    await folder.removeEntry(name).catch(() => undefined);
  }
}

export interface StorageFacts {
  persisted: boolean | undefined;
  usage: number | undefined;
  quota: number | undefined;
}

/** Asks once for persistent storage (so the browser does not evict the catalog) and reads usage and quota. */
export async function requestPersistentStorage(): Promise<StorageFacts> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage) return { persisted: undefined, usage: undefined, quota: undefined };
  let persisted: boolean | undefined;
  try {
    persisted = (await storage.persisted?.()) || (await storage.persist?.());
  } catch {
    persisted = undefined;
  }
  const estimate = await storage.estimate?.().catch(() => undefined);
  return { persisted, usage: estimate?.usage, quota: estimate?.quota };
}

/** Saves text as a download (the catalog export); nothing is uploaded anywhere. */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the download starts asynchronously and needs the URL until then.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
