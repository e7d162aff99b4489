/**
 * Saving without a folder picker (Firefox, Safari): a single file or a ZIP of a folder goes to the browser's
 * download list through an object URL. The ZIP arrives as a stream from the engine; the browser spools the Blob
 * built from it to disk, so a large folder does not have to fit in the page's memory at once.
 */

/** Offers `blob` as a download named `name`. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its own reference by now; revoking later keeps slow browsers safe.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Collects a byte stream (e.g. the engine's ZIP stream) into a Blob and offers it as a download. */
export async function downloadStream(name: string, stream: ReadableStream<Uint8Array>, type = 'application/zip'): Promise<void> {
  const blob = await new Response(stream, { headers: { 'Content-Type': type } }).blob();
  downloadBlob(name, blob);
}
