/**
 * Picking image files. Chromium's showOpenFilePicker gives a proper "Windows images" filter and will later
 * let us keep handles; every other browser gets the classic <input type=file multiple>, which the caller owns
 * (it stays in the DOM so tests and assistive tech can reach it).
 */

/** Extensions and MIME type the app opens; mirrored by the manifest's file_handlers. */
export const IMAGE_EXTENSIONS = ['.wim', '.esd', '.swm'] as const;
export const IMAGE_MIME_TYPE = 'application/x-ms-wim';
export const IMAGE_ACCEPT = IMAGE_EXTENSIONS.join(',');

interface OpenFilePickerOptions {
  multiple?: boolean;
  id?: string;
  types?: { description: string; accept: Record<string, readonly string[]> }[];
}

type ShowOpenFilePicker = (options: OpenFilePickerOptions) => Promise<FileSystemFileHandle[]>;

function nativePicker(): ShowOpenFilePicker | undefined {
  const candidate = (window as { showOpenFilePicker?: ShowOpenFilePicker }).showOpenFilePicker;
  return typeof candidate === 'function' ? candidate.bind(window) : undefined;
}

export function hasNativeFilePicker(): boolean {
  return nativePicker() !== undefined;
}

/**
 * Shows the native picker (several files allowed, for .swm parts). Resolves to [] when the user cancels.
 * Call only when hasNativeFilePicker() is true, from a click handler (it needs user activation).
 */
export async function pickImageFiles(description: string): Promise<File[]> {
  const show = nativePicker();
  if (!show) return [];
  try {
    const handles = await show({
      multiple: true,
      id: 'imagewright-images',
      types: [{ description, accept: { [IMAGE_MIME_TYPE]: IMAGE_EXTENSIONS } }],
    });
    return await Promise.all(handles.map((handle) => handle.getFile()));
  } catch (error) {
    if ((error as { name?: unknown }).name === 'AbortError') return [];
    throw error;
  }
}

/** Files chosen in an <input type=file>; clears the input so choosing the same file again fires `change`. */
export function takeInputFiles(input: HTMLInputElement): File[] {
  const files = input.files ? [...input.files] : [];
  input.value = '';
  return files;
}
