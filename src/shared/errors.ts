/**
 * ImagewrightError: the one error type the engine throws for anything the user can cause (bad input, missing
 * parts, unsupported variants). It carries a stable numeric code, the byte offset or path where it happened,
 * and parameters for the message table, so the UI and the CLI render it in the user's language.
 * It survives structured cloning (Comlink) through toJSON / fromJSON.
 */
import { ErrorCode, errorCodeName, type ErrorCodeValue } from './error-codes';
import { formatMessage, type Locale, type MessageArgs } from './messages';

export interface ErrorDetails {
  params?: Record<string, string | number | bigint>;
  /** Byte offset in the file where the problem was found. */
  offset?: number | bigint;
  /** Path inside the image, or file name, where the problem was found. */
  path?: string;
  /** Free text with more precision (English; technical). */
  detail?: string;
  cause?: unknown;
}

export interface SerializedImagewrightError {
  __imagewright: 1;
  code: number;
  params?: Record<string, string | number>;
  offset?: string;
  path?: string;
  detail?: string;
}

export class ImagewrightError extends Error {
  override readonly name = 'ImagewrightError';
  readonly code: ErrorCodeValue;
  readonly params: Record<string, string | number | bigint>;
  readonly offset: number | bigint | undefined;
  readonly path: string | undefined;
  readonly detail: string | undefined;

  constructor(code: ErrorCodeValue, details: ErrorDetails = {}) {
    const args: MessageArgs = { code, ...details };
    super(formatMessage(args, 'en'), details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.params = details.params ?? {};
    this.offset = details.offset;
    this.path = details.path;
    this.detail = details.detail;
  }

  /** Stable symbolic name of the code, e.g. "NOT_A_WIM". */
  get codeName(): string {
    return errorCodeName(this.code) ?? String(this.code);
  }

  /** The message in the given locale. */
  localized(locale: Locale): string {
    return formatMessage(this.toArgs(), locale);
  }

  toArgs(): MessageArgs {
    const args: MessageArgs = { code: this.code, params: this.params };
    if (this.offset !== undefined) args.offset = this.offset;
    if (this.path !== undefined) args.path = this.path;
    if (this.detail !== undefined) args.detail = this.detail;
    return args;
  }

  toJSON(): SerializedImagewrightError {
    const params: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(this.params)) params[k] = typeof v === 'bigint' ? v.toString() : v;
    const out: SerializedImagewrightError = { __imagewright: 1, code: this.code, params };
    if (this.offset !== undefined) out.offset = this.offset.toString();
    if (this.path !== undefined) out.path = this.path;
    if (this.detail !== undefined) out.detail = this.detail;
    return out;
  }

  static fromJSON(json: SerializedImagewrightError): ImagewrightError {
    const details: ErrorDetails = {};
    if (json.params) details.params = json.params;
    if (json.offset !== undefined) details.offset = BigInt(json.offset);
    if (json.path !== undefined) details.path = json.path;
    if (json.detail !== undefined) details.detail = json.detail;
    return new ImagewrightError(json.code as ErrorCodeValue, details);
  }

  static isSerialized(value: unknown): value is SerializedImagewrightError {
    return typeof value === 'object' && value !== null && (value as { __imagewright?: unknown }).__imagewright === 1;
  }
}

/** Cancellation is a DOMException named AbortError, as the platform does it. */
export function abortError(): DOMException {
  return new DOMException('The operation was cancelled', 'AbortError');
}

export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

export { ErrorCode };
