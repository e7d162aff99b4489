/**
 * Limits of the Explorer contract (engine/explorer/explorer-api.ts), here so that the engine, the client and the
 * UI all read the same values (the UI and the client may import only types from the engine).
 */

/** How long EngineClient waits after cancelJob before it terminates the engine worker. */
export const CANCEL_GRACE_MS = 5000;
/** Largest range readBytes returns. */
export const MAX_READ_BYTES = 1024 * 1024;
/** Text previews decode at most this many bytes of the file (the rest is cut and `truncatedAt` says where). */
export const MAX_PREVIEW_TEXT_BYTES = 2 * 1024 * 1024;
/** Image previews up to this size return their bytes; bigger ones come back as BinaryPreview. */
export const MAX_PREVIEW_IMAGE_BYTES = 16 * 1024 * 1024;
/** Default and ceiling of searchEntries' `limit`. */
export const DEFAULT_SEARCH_LIMIT = 10_000;
/** Search results come in batches of at most this many entries. */
export const SEARCH_BATCH_SIZE = 500;
