/**
 * Text rendering of WimInfo in the layout of `wimlib-imagex info` (1.13): a "WIM Information:" block, then
 * "Available Images:" with one block per image, and the `--header` raw dump. Byte-compatible with wimlib's output
 * (the interop suite diffs them) so scripts written against wimlib keep working; what wimlib does not show
 * (solid codecs, parts, warnings) is in --json, and warnings go to stderr. `--blobs` prints the blob table as
 * `info --blobs` does.
 */
import { wimlibBlobOrder, type WimBlobFacts, type WimBlobList } from '../formats/wim/blob-list';
import type { ResourceFacts, WimImageInfo, WimInfo } from '../formats/wim/wim-info';

const COMPRESSION_LABEL: Record<WimInfo['compression'], string> = { none: 'None', XPRESS: 'XPRESS', LZX: 'LZX', LZMS: 'LZMS' };
/** wimlib's architecture spellings (ours, in JSON, follow Microsoft's PROCESSOR_ARCHITECTURE names). */
const WIMLIB_ARCH: Record<number, string> = { 0: 'x86', 5: 'ARM', 6: 'ia64', 9: 'x86_64', 12: 'ARM64' };
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Sat Nov 21 02:36:59 2026 UTC", as wimlib prints FILETIMEs. */
export function formatWimlibTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()} UTC`;
}

function attributesOf(info: WimInfo): string {
  const attrs: string[] = [];
  if (info.pipable) attrs.push('Pipable');
  if (info.hasIntegrityTable) attrs.push('Integrity info');
  if (info.rpFix) attrs.push('Relative path junction');
  if (info.header.flagNames.includes('RESOURCE_ONLY')) attrs.push('Resource only');
  if (info.header.flagNames.includes('METADATA_ONLY')) attrs.push('Metadata only');
  if (info.readOnly) attrs.push('Readonly');
  return attrs.join(', ');
}

export function formatWimInformation(info: WimInfo, path: string): string {
  const h = info.header;
  const lines = [
    'WIM Information:',
    '----------------',
    `Path:           ${path}`,
    `GUID:           0x${h.guid}`,
    `Version:        ${h.version}`,
    `Image Count:    ${h.imageCount}`,
    `Compression:    ${COMPRESSION_LABEL[info.compression]}`,
    `Chunk Size:     ${h.chunkSize} bytes`,
    `Part Number:    ${h.partNumber}/${h.totalParts}`,
    `Boot Index:     ${h.bootIndex}`,
    `Size:           ${info.xmlTotalBytes ?? 0} bytes`,
    `Attributes:     ${attributesOf(info)}`,
    '',
  ];
  return lines.join('\n') + '\n';
}

function row(label: string, value: string | number): string {
  return `${label.padEnd(24)}${value}`;
}

export function formatImage(image: WimImageInfo): string {
  const lines = [row('Index:', image.index), row('Name:', image.name ?? ''), row('Description:', image.description ?? '')];
  if (image.displayName !== undefined) lines.push(row('Display Name:', image.displayName));
  if (image.displayDescription !== undefined) lines.push(row('Display Description:', image.displayDescription));
  lines.push(row('Directory Count:', image.dirCount ?? 0));
  lines.push(row('File Count:', image.fileCount ?? 0));
  lines.push(row('Total Bytes:', image.totalBytes ?? 0));
  lines.push(row('Hard Link Bytes:', image.hardLinkBytes ?? 0));
  if (image.creationTime) lines.push(row('Creation Time:', formatWimlibTime(image.creationTime)));
  if (image.lastModificationTime) lines.push(row('Last Modification Time:', formatWimlibTime(image.lastModificationTime)));
  if (image.architecture) lines.push(row('Architecture:', WIMLIB_ARCH[image.architecture.code] ?? 'unknown'));
  const optional: [string, string | undefined][] = [
    ['Product Name:', image.productName],
    ['Edition ID:', image.editionId],
    ['Installation Type:', image.installationType],
    ['HAL:', image.hal],
    ['Product Type:', image.productType],
    ['Product Suite:', image.productSuite],
  ];
  for (const [label, value] of optional) if (value !== undefined) lines.push(row(label, value));
  if (image.languages.length) lines.push(row('Languages:', image.languages.join(' ')));
  if (image.defaultLanguage !== undefined) lines.push(row('Default Language:', image.defaultLanguage));
  if (image.systemRoot !== undefined) lines.push(row('System Root:', image.systemRoot));
  const v = image.version;
  if (v) {
    lines.push(row('Major Version:', v.major ?? 0), row('Minor Version:', v.minor ?? 0), row('Build:', v.build ?? 0));
    lines.push(row('Service Pack Build:', v.spBuild ?? 0), row('Service Pack Level:', v.spLevel ?? 0));
  }
  if (image.flags !== undefined) lines.push(row('Flags:', image.flags));
  lines.push(row('WIMBoot compatible:', image.wimBoot ? 'yes' : 'no'));
  return lines.join('\n') + '\n\n';
}

export function formatInfoText(info: WimInfo, path: string): string {
  let out = formatWimInformation(info, path);
  out += 'Available Images:\n-----------------\n';
  for (const image of info.images) out += formatImage(image);
  return out;
}

function field(label: string, value: string | number): string {
  return `${label.padEnd(28)}= ${value}`;
}

function resourceFields(prefix: string, r: ResourceFacts, sizeLabel = 'Original Size'): string[] {
  return [
    field(`${prefix} Size`, r.sizeInWim),
    field(`${prefix} Flags`, `0x${r.flags.toString(16)}`),
    field(`${prefix} Offset`, r.offset),
    field(`${prefix} ${sizeLabel}`, r.uncompressedSize),
  ];
}

/** The raw header dump of `wimlib-imagex info --header`. */
export function formatHeaderDump(info: WimInfo): string {
  const h = info.header;
  const lines = [
    field('Magic Characters', `${h.magic}\\0\\0\\0`),
    field('Header Size', h.headerSize),
    field('Version', `0x${h.version.toString(16)}`),
    field('Flags', `0x${h.flags.toString(16)}`),
    ...h.flagNames.map((name) => `    WIM_HDR_FLAG_${name} is set`),
    field('Chunk Size', h.chunkSize),
    field('GUID', h.guid),
    field('Part Number', h.partNumber),
    field('Total Parts', h.totalParts),
    field('Image Count', h.imageCount),
    ...resourceFields('Blob Table', h.blobTable, 'Original_size'),
    ...resourceFields('XML Data', h.xmlData),
    ...resourceFields('Boot Metadata', h.bootMetadata),
    field('Boot Index', h.bootIndex),
    ...resourceFields('Integrity', h.integrityTable, 'Original_size'),
  ];
  return lines.join('\n') + '\n';
}

/** One blob record of `wimlib-imagex info --blobs` (programs/imagex.c print_resource layout). */
export function formatBlob(blob: WimBlobFacts): string {
  const lines = [`Hash              = 0x${blob.hash}`, `Uncompressed size = ${blob.size} bytes`];
  const p = blob.place;
  if (p.kind === 'solid') {
    lines.push(`Solid resource    = ${p.resourceUncompressedSize} => ${p.resourceSizeInWim} bytes @ offset ${p.resourceOffset}`);
    lines.push(`Solid offset      = ${p.offsetInResource} bytes`);
  } else {
    lines.push(`Compressed size   = ${p.sizeInWim} bytes`, `Offset in WIM     = ${p.offset} bytes`);
  }
  lines.push(`Part Number       = ${blob.partNumber}`, `Reference Count   = ${blob.refCount}`);
  // wimlib leaves two spaces after every flag name, even the last.
  lines.push(`Flags             = ${blob.flagNames.map((name) => `WIM_RESHDR_FLAG_${name}  `).join('')}`);
  return lines.join('\n') + '\n\n';
}

/** Every blob of every part, each part in wimlib's order (wimlib itself shows one part at a time). */
export function formatBlobs(lists: readonly WimBlobList[]): string {
  return lists.map((list) => wimlibBlobOrder(list).map(formatBlob).join('')).join('');
}
