/**
 * FILE_ATTRIBUTE_* bits of a dentry's attributes field (+0x08, u32) and their names, as [MS-FSCC] 2.6 lists them.
 * One table for every reader: the Explorer shows them all; `dir --detailed` prints the subset wimlib-imagex knows.
 */
export const FILE_ATTRIBUTE_NAMES: readonly (readonly [number, string])[] = [
  [0x1, 'READONLY'],
  [0x2, 'HIDDEN'],
  [0x4, 'SYSTEM'],
  [0x10, 'DIRECTORY'],
  [0x20, 'ARCHIVE'],
  [0x40, 'DEVICE'],
  [0x80, 'NORMAL'],
  [0x100, 'TEMPORARY'],
  [0x200, 'SPARSE_FILE'],
  [0x400, 'REPARSE_POINT'],
  [0x800, 'COMPRESSED'],
  [0x1000, 'OFFLINE'],
  [0x2000, 'NOT_CONTENT_INDEXED'],
  [0x4000, 'ENCRYPTED'],
  [0x8000, 'INTEGRITY_STREAM'],
  [0x10000, 'VIRTUAL'],
  [0x20000, 'NO_SCRUB_DATA'],
  [0x40000, 'RECALL_ON_OPEN'],
  [0x80000, 'PINNED'],
  [0x100000, 'UNPINNED'],
  [0x400000, 'RECALL_ON_DATA_ACCESS'],
];
