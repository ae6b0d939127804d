/**
 * The byte layout of a Fernet token (fernet/spec) and its text form, without any key:
 * version 0x80 ‖ 64-bit big-endian timestamp ‖ 16-byte IV ‖ AES-CBC ciphertext ‖ 32-byte HMAC.
 */
import { assertBytes, fromBase64Url, toBase64Url } from "./bytes.ts";
import { check, GryptError } from "./errors.ts";

export const FERNET_VERSION = 0x80;
export const FERNET_TIMESTAMP_BYTES = 8;
export const FERNET_IV_BYTES = 16;
export const FERNET_BLOCK_BYTES = 16;
export const FERNET_HMAC_BYTES = 32;
/** Version, timestamp, IV and HMAC: every token has these 57 bytes around its ciphertext. */
export const FERNET_OVERHEAD_BYTES =
  1 + FERNET_TIMESTAMP_BYTES + FERNET_IV_BYTES + FERNET_HMAC_BYTES;
/** PKCS#7 always adds at least one byte, so the ciphertext holds at least one block. */
export const FERNET_MIN_TOKEN_BYTES = FERNET_OVERHEAD_BYTES + FERNET_BLOCK_BYTES;
/** Offset of the ciphertext (after version, timestamp and IV). */
export const FERNET_CIPHERTEXT_OFFSET = 1 + FERNET_TIMESTAMP_BYTES + FERNET_IV_BYTES;

/** What is structurally wrong with these token bytes (length, version, block size), or undefined. */
export function fernetShapeProblem(token: Uint8Array): string | undefined {
  if (token.length < FERNET_MIN_TOKEN_BYTES) {
    return `Fernet token is too short: ${token.length} bytes, at least ${FERNET_MIN_TOKEN_BYTES} needed`;
  }
  if (token[0] !== FERNET_VERSION)
    return "Fernet token has an unknown version byte (0x80 expected)";
  if ((token.length - FERNET_OVERHEAD_BYTES) % FERNET_BLOCK_BYTES !== 0) {
    return "Fernet token ciphertext is not a whole number of 16-byte blocks";
  }
  return undefined;
}

/** Whether a token of `length` bytes can be well formed (for cheap filtering before decoding). */
export function isFernetTokenLength(length: number): boolean {
  return (
    length >= FERNET_MIN_TOKEN_BYTES && (length - FERNET_OVERHEAD_BYTES) % FERNET_BLOCK_BYTES === 0
  );
}

/**
 * Check what can be checked without the key: length, version byte, whole cipher blocks.
 * Throws TOKEN_MALFORMED (INVALID_ARGUMENT when `token` is not bytes at all).
 */
export function checkFernetTokenShape(token: Uint8Array): void {
  assertBytes(token, "token");
  const problem = fernetShapeProblem(token);
  if (problem !== undefined) throw new GryptError("TOKEN_MALFORMED", problem);
}

/** Length in bytes of the token that `plaintextLength` bytes of plaintext become. */
export function fernetTokenLength(plaintextLength: number): number {
  check(
    Number.isSafeInteger(plaintextLength) && plaintextLength >= 0,
    "plaintext length must be a non-negative integer",
  );
  const blocks = Math.floor(plaintextLength / FERNET_BLOCK_BYTES) + 1;
  return FERNET_OVERHEAD_BYTES + blocks * FERNET_BLOCK_BYTES;
}

/** Throw INVALID_ARGUMENT unless `value` is a non-negative number of seconds (a whole one if `integer`). */
export function assertSeconds(
  value: unknown,
  name: string,
  integer: boolean,
): asserts value is number {
  const ok =
    typeof value === "number" && (integer ? Number.isSafeInteger(value) : Number.isFinite(value));
  check(
    ok && value >= 0,
    `${name} must be a non-negative ${integer ? "integer " : ""}number of seconds`,
  );
}

/**
 * A token up to its HMAC: version, timestamp `time` (unix seconds), `iv` and `ciphertext`, in a
 * buffer with room for the HMAC at `macAt`, which signs `token.subarray(0, macAt)`.
 */
export function fernetTokenBody(
  time: number,
  iv: Uint8Array,
  ciphertext: Uint8Array,
): { token: Uint8Array<ArrayBuffer>; macAt: number } {
  const macAt = FERNET_CIPHERTEXT_OFFSET + ciphertext.length;
  const token = new Uint8Array(macAt + FERNET_HMAC_BYTES);
  const view = new DataView(token.buffer);
  token[0] = FERNET_VERSION;
  view.setUint32(1, Math.floor(time / 2 ** 32));
  view.setUint32(5, time >>> 0);
  token.set(iv, 1 + FERNET_TIMESTAMP_BYTES);
  token.set(ciphertext, FERNET_CIPHERTEXT_OFFSET);
  return { token, macAt };
}

/** The token's timestamp in unix seconds (exact up to 2^53; larger values only ever compare as "far future"). */
export function fernetTimestamp(token: Uint8Array): number {
  checkFernetTokenShape(token);
  const view = new DataView(token.buffer, token.byteOffset, token.byteLength);
  return view.getUint32(1) * 2 ** 32 + view.getUint32(5);
}

/** Token bytes as text: base64url with `=` padding, the spec's form. */
export function encodeFernetToken(token: Uint8Array): string {
  assertBytes(token, "token");
  return toBase64Url(token, true);
}

/** Token text (base64url, padded or not) to bytes whose shape is checked. Throws TOKEN_MALFORMED. */
export function decodeFernetToken(text: string): Uint8Array {
  check(typeof text === "string", "token text must be a string");
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(text);
  } catch (error) {
    throw new GryptError("TOKEN_MALFORMED", "Fernet token is not valid base64url", {
      cause: error,
    });
  }
  checkFernetTokenShape(bytes);
  return bytes;
}
