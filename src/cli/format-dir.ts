/**
 * Text rendering of `dir` in the layout of `wimlib-imagex dir` 1.13 (programs/imagex.c print_dentry_detailed,
 * print_resource): one full path per line, or with --detailed a block per entry. Byte-compatible with wimlib on
 * Linux (the interop suite diffs them).
 */
import type { DirEntryFacts, StreamFacts } from '../engine/list';
import { FILE_ATTRIBUTE_NAMES } from '../formats/wim/file-attributes';

// wimlib-imagex 1.13 names these bits only (up to ENCRYPTED, then VIRTUAL); the others it leaves unprinted.
const WIMLIB_PRINTED_ATTRIBUTES = FILE_ATTRIBUTE_NAMES.filter(([bit]) => bit <= 0x4000 || bit === 0x10000);

const RESHDR_FLAG_LABELS: readonly (readonly [number, string])[] = [
  [0x04, 'WIM_RESHDR_FLAG_COMPRESSED'],
  [0x02, 'WIM_RESHDR_FLAG_METADATA'],
  [0x01, 'WIM_RESHDR_FLAG_FREE'],
  [0x08, 'WIM_RESHDR_FLAG_SPANNED'],
  [0x10, 'WIM_RESHDR_FLAG_SOLID'],
];

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** 100 ns ticks between 1601-01-01 and 1970-01-01. */
const FILETIME_UNIX_EPOCH = 116444736000000000n;

/** A FILETIME as wimlib prints it: whole seconds (truncated), "%a %b %d %H:%M:%S %Y UTC". */
export function formatFiletime(filetime: string | bigint): string {
  const seconds = (BigInt(filetime) - FILETIME_UNIX_EPOCH) / 10_000_000n;
  const d = new Date(Number(seconds) * 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()} UTC`;
}

function field(label: string, value: string | number): string {
  return `${label.padEnd(20)}= ${value}\n`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

const STREAM_LABEL: Record<StreamFacts['kind'], string> = {
  data: 'Unnamed data stream',
  reparse: 'Reparse point stream',
  encrypted: 'Raw encrypted data stream',
  named: 'Named data stream',
};

function formatStream(stream: StreamFacts): string {
  let out = stream.kind === 'named' ? `\tNamed data stream "${stream.name ?? ''}":\n` : `\t${STREAM_LABEL[stream.kind]}:\n`;
  out += `Hash              = 0x${stream.hash ?? '0'.repeat(40)}\n`;
  if (stream.missing) return `${out}\n`;
  const r = stream.resource;
  out += `Uncompressed size = ${stream.size} bytes\n`;
  if (r?.solid) {
    out += `Solid resource    = ${r.solid.uncompressedSize} => ${r.solid.storedSize} bytes @ offset ${r.solid.offset}\n`;
    out += `Solid offset      = ${r.solid.offsetInResource} bytes\n`;
  } else {
    out += `Compressed size   = ${r?.compressedSize ?? 0} bytes\n`;
    out += `Offset in WIM     = ${r?.offset ?? 0} bytes\n`;
  }
  out += `Part Number       = ${r?.partNumber ?? 0}\n`;
  out += `Reference Count   = ${r?.refCount ?? 0}\n`;
  const flags = r ? RESHDR_FLAG_LABELS.filter(([bit]) => (r.flags & bit) !== 0).map(([, label]) => `${label}  `).join('') : '';
  out += `Flags             = ${flags}\n\n`;
  return out;
}

/** One entry of `dir --detailed`. */
export function formatDirDetailed(e: DirEntryFacts): string {
  let out = '----------------------------------------------------------------------------\n';
  out += field('Full Path', `"${e.path}"`);
  out += field('Short Name', `"${e.shortName}"`);
  out += field('Attributes', `0x${hex(e.attributes, 8)}`);
  for (const [bit, name] of WIMLIB_PRINTED_ATTRIBUTES) if (e.attributes & bit) out += `    FILE_ATTRIBUTE_${name} is set\n`;
  if (e.securityDescriptor !== undefined) out += `Security Descriptor = ${e.securityDescriptor}\n`;
  out += field('Creation Time', formatFiletime(e.creationTime));
  out += field('Last Write Time', formatFiletime(e.lastWriteTime));
  out += field('Last Access Time', formatFiletime(e.lastAccessTime));
  if (e.reparseTag !== undefined) out += field('Reparse Tag', `0x${e.reparseTag.toString(16)}`);
  out += field('Link Group ID', `0x${e.linkGroupId}`);
  out += field('Link Count', e.linkCount);
  if (e.unix && e.unix.mode !== 0) {
    out += field('UNIX Data', `uid:${e.unix.uid} gid:${e.unix.gid} mode:0${e.unix.mode.toString(8)} rdev:0x${e.unix.rdev.toString(16)}`);
  }
  if (e.objectId && /[^0]/.test(e.objectId[0])) {
    const labels = ['Object ID', 'Birth Volume ID', 'Birth Object ID', 'Domain ID'];
    e.objectId.forEach((id, i) => {
      if (/[^0]/.test(id)) out += field(labels[i]!, `0x${id}`);
    });
  }
  for (const stream of e.streams) out += formatStream(stream);
  return out;
}
