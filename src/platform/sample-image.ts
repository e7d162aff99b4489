/** The sample WIM shipped in public/samples/ and precached by the service worker, so it opens offline too. */

export const SAMPLE_IMAGE_URL = `${import.meta.env.BASE_URL}samples/sample.wim`;

export async function fetchSampleImage(signal?: AbortSignal): Promise<File> {
  const init: RequestInit = signal ? { signal } : {};
  const response = await fetch(SAMPLE_IMAGE_URL, init);
  if (!response.ok) throw new Error(`GET ${SAMPLE_IMAGE_URL}: HTTP ${response.status}`);
  const blob = await response.blob();
  return new File([blob], 'sample.wim', { type: 'application/x-ms-wim' });
}
