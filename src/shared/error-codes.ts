/**
 * Stable numeric error codes. Never renumber: codes appear in CLI output, logs and the catalog history.
 * Ranges: 1xxx input/IO, 2xxx WIM container, 3xxx codecs, 4xxx metadata/extraction, 5xxx engine/platform,
 * 6xxx catalog and distribution, 7xxx writing (capture, export, split, join, image edits).
 */
export const ErrorCode = {
  // 1xxx — input and I/O
  IO_READ_FAILED: 1001,
  TRUNCATED: 1002,
  READ_TOO_LARGE: 1003,
  FILE_TOO_SMALL: 1004,
  // 2xxx — WIM container
  NOT_A_WIM: 2001,
  BAD_HEADER_SIZE: 2002,
  UNSUPPORTED_VERSION: 2003,
  BAD_PART_NUMBER: 2004,
  BAD_CHUNK_SIZE: 2005,
  BAD_COMPRESSION_FLAGS: 2006,
  RESOURCE_OUT_OF_BOUNDS: 2007,
  BAD_RESOURCE_HEADER: 2008,
  BAD_BLOB_TABLE: 2009,
  BAD_XML: 2010,
  IMAGE_COUNT_MISMATCH: 2011,
  ENCRYPTED_ESD: 2012,
  SPLIT_PART_MISSING: 2013,
  SPLIT_PART_MISMATCH: 2014,
  BAD_BOOT_INDEX: 2015,
  BAD_SOLID_RESOURCE: 2016,
  BAD_PIPABLE_LAYOUT: 2017,
  BAD_INTEGRITY_TABLE: 2018,
  IMAGE_NOT_FOUND: 2019,
  TOO_MANY_IMAGES: 2020,
  XML_TOO_LARGE: 2021,
  // 3xxx — codecs
  CODEC_CORRUPT_DATA: 3001,
  CODEC_UNSUPPORTED: 3002,
  CODEC_LOAD_FAILED: 3003,
  HASH_MISMATCH: 3004,
  // 3100–3149 — compressors
  COMPRESSION_LEVEL_INVALID: 3100,
  // 4xxx — metadata and extraction
  BAD_METADATA: 4001,
  BAD_DENTRY: 4002,
  BAD_SECURITY_DATA: 4003,
  TREE_TOO_DEEP: 4004,
  BLOB_MISSING: 4005,
  UNSAFE_PATH: 4006,
  PATH_NOT_FOUND: 4007,
  BAD_REPARSE_DATA: 4008,
  // 4100–4199 — explorer (issue 4)
  ENTRY_NOT_A_FILE: 4100,
  BAD_PE_FILE: 4101,
  BAD_SECURITY_DESCRIPTOR: 4102,
  TARGET_EXISTS: 4103,
  // 5xxx — engine and platform
  ENGINE_FAILED: 5001,
  UNSUPPORTED_FILE_TYPE: 5002,
  PERMISSION_DENIED: 5003,
  INVALID_ARGUMENT: 5004,
  // 5100–5149 — explorer sessions and browser output (issue 4)
  SWM_PARTS_MISSING: 5100,
  SESSION_NOT_FOUND: 5101,
  TARGET_WRITE_FAILED: 5102,
  DOWNLOAD_UNAVAILABLE: 5103,
  // 6xxx — catalog and distribution
  CATALOG_UNAVAILABLE: 6001,
  CATALOG_NEWER_VERSION: 6002,
  CATALOG_ENTRY_NOT_FOUND: 6003,
  CATALOG_FILE_MISSING: 6004,
  CATALOG_NOT_LINKED: 6005,
  CATALOG_RELINK_MISMATCH: 6006,
  CATALOG_IMPORT_INVALID: 6007,
  CATALOG_SOURCE_CHANGED: 6008,
  TARGET_TOO_LARGE_FOR_FAT32: 6009,
  TARGET_NO_SPACE: 6010,
  TARGET_FILE_TOO_LARGE: 6011,
  DISTRIBUTION_WRITE_FAILED: 6012,
  DISTRIBUTION_MISMATCH: 6013,
  CATALOG_BLOCKED: 6014,
  // 7xxx — writing (capture, append, export, delete, optimize, split, join, image properties)
  WRITE_FAILED: 7001,
  CAPTURE_UNSUPPORTED_FILE: 7002,
  BAD_CAPTURE_CONFIG: 7003,
  IMAGE_NAME_TAKEN: 7004,
  BAD_IMAGE_PROPERTY: 7005,
  INTEGRITY_NEEDS_READBACK: 7006,
  BAD_SPLIT_SIZE: 7007,
  BAD_WRITE_OPTIONS: 7008,
  SOURCE_CHANGED: 7009,
  // 7050–7099 — in-place updates (append, delete --soft, image edits)
  INPLACE_SPLIT_PART: 7050,
  INPLACE_PIPABLE: 7051,
  INPLACE_WRITE_IN_PROGRESS: 7052,
  INPLACE_FILE_CHANGED: 7053,
  INPLACE_WOULD_OVERWRITE: 7054,
  INPLACE_RESTORE_FAILED: 7055,
  INPLACE_NEEDS_REBUILD: 7056,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;
export type ErrorCodeValue = (typeof ErrorCode)[ErrorCodeName];

const NAME_BY_CODE = new Map<number, ErrorCodeName>(
  (Object.keys(ErrorCode) as ErrorCodeName[]).map((name) => [ErrorCode[name], name]),
);

export function errorCodeName(code: number): ErrorCodeName | undefined {
  return NAME_BY_CODE.get(code);
}
