/**
 * The one error type of grypt. Every failure that crosses a boundary (socket, extension
 * messaging, CLI output) is a GryptError reduced to `{code, message}`: never a stack, never
 * key material. The codes form a closed set; docs/errors.md is their table.
 */

export const ERROR_CODES = [
  // Input checks of library functions (wrong type, size, range).
  "INVALID_ARGUMENT",
  "INVALID_ENCODING",
  "INVALID_KEY",
  // Fernet tokens.
  "TOKEN_MALFORMED",
  "TOKEN_AUTH_FAILED",
  "TOKEN_EXPIRED",
  "TOKEN_FROM_FUTURE",
  // Post tokens and their base62 armor.
  "ARMOR_INVALID",
  "POST_TOKEN_INVALID",
  // Signatures, key delivery.
  "SIGNATURE_INVALID",
  "UNWRAP_FAILED",
  "COMMITMENT_MISMATCH",
  // Password vaults (extension key store, server group file).
  "VAULT_WRONG_PASSWORD",
  "VAULT_CORRUPT",
  // Protocol.
  "MESSAGE_NOT_JSON",
  "MESSAGE_TOO_LARGE",
  "MESSAGE_INVALID",
  "MESSAGE_UNEXPECTED",
  "PROTOCOL_VERSION",
  "AUTH_FAILED",
  "AUTH_TIMEOUT",
  "SERVER_KEY_MISMATCH",
  "EPOCH_ROLLBACK",
  "NOT_MEMBER",
  "DENIED",
  "REMOVED",
  "RATE_LIMITED",
  "JOIN_QUEUE_FULL",
  "CONNECTION_CLOSED",
  "UNREACHABLE",
  // Local state.
  "LOCKED",
  "UNKNOWN_GROUP",
  "UNKNOWN_EPOCH",
  "NOT_FOUND",
  "CONFLICT",
  "TIMEOUT",
  "CANCELLED",
  "STORAGE_FAILED",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What crosses a boundary: a stable code and a sentence for people. */
export interface WireError {
  code: ErrorCode;
  message: string;
}

const CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && CODE_SET.has(value);
}

export class GryptError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "GryptError";
    this.code = code;
  }

  toWire(): WireError {
    return { code: this.code, message: this.message };
  }
}

/** Reduce anything thrown to `{code, message}`; unknown errors become INTERNAL without details. */
export function toWireError(error: unknown): WireError {
  if (error instanceof GryptError) return error.toWire();
  return { code: "INTERNAL", message: "internal error" };
}

/** Rebuild a GryptError from a wire error received from the other side. */
export function fromWireError(wire: WireError): GryptError {
  return new GryptError(wire.code, wire.message);
}

/** Throw INVALID_ARGUMENT with a named message unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new GryptError("INVALID_ARGUMENT", message);
}
