/** Byte helpers shared by every crypto module: base64url, hex, UTF-8, comparison, concatenation. */
import { check, GryptError } from "./errors.ts";

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const B64URL_LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < B64URL.length; i++) B64URL_LOOKUP[B64URL.charCodeAt(i)] = i;

export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

export function assertBytes(
  value: unknown,
  name: string,
  length?: number,
): asserts value is Uint8Array {
  check(isBytes(value), `${name} must be a Uint8Array`);
  if (length !== undefined)
    check(value.length === length, `${name} must be ${length} bytes, got ${value.length}`);
}

const B64URL_CODES = new Uint8Array(64);
for (let i = 0; i < 64; i++) B64URL_CODES[i] = B64URL.charCodeAt(i);
const asciiDecoder = new TextDecoder();
const PAD = 61; // "="

/**
 * base64url; with `pad` the output ends in `=` to a multiple of 4 characters (Fernet's form).
 * Written into bytes and decoded once: string concatenation made multi-megabyte group files
 * (thousands of members) take seconds to encode.
 */
export function toBase64Url(bytes: Uint8Array, pad = false): string {
  assertBytes(bytes, "bytes");
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = B64URL_CODES[n >>> 18]!;
    out[o++] = B64URL_CODES[(n >>> 12) & 63]!;
    out[o++] = B64URL_CODES[(n >>> 6) & 63]!;
    out[o++] = B64URL_CODES[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out[o++] = B64URL_CODES[n >>> 18]!;
    out[o++] = B64URL_CODES[(n >>> 12) & 63]!;
    if (rest === 2) out[o++] = B64URL_CODES[(n >>> 6) & 63]!;
    if (pad) while (o % 4 !== 0) out[o++] = PAD;
  }
  return asciiDecoder.decode(out.subarray(0, o));
}

/**
 * Decode base64url, padded or not. Rejects characters outside the alphabet, a length no
 * encoding produces, wrong padding, and non-zero trailing bits (so every input has one form).
 */
export function fromBase64Url(text: string): Uint8Array {
  if (typeof text !== "string")
    throw new GryptError("INVALID_ENCODING", "base64url input must be a string");
  let end = text.length;
  if (end % 4 === 0 && end > 0) {
    if (text.charCodeAt(end - 1) === 61) end--;
    if (text.charCodeAt(end - 1) === 61) end--;
  }
  const rem = end % 4;
  if (rem === 1)
    throw new GryptError("INVALID_ENCODING", "base64url input has an impossible length");
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64URL_LOOKUP[c]! : -1;
    if (v < 0)
      throw new GryptError(
        "INVALID_ENCODING",
        "base64url input has a character outside the alphabet",
      );
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  }
  if (acc !== 0)
    throw new GryptError("INVALID_ENCODING", "base64url input has non-zero trailing bits");
  return out;
}

export function toHex(bytes: Uint8Array): string {
  assertBytes(bytes, "bytes");
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

export function fromHex(text: string): Uint8Array {
  if (typeof text !== "string" || text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
    throw new GryptError("INVALID_ENCODING", "hex input must be an even number of hex digits");
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true });
const bomKeepingDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function utf8Encode(text: string): Uint8Array {
  check(typeof text === "string", "text must be a string");
  return encoder.encode(text);
}

/**
 * Strict UTF-8 decoding: invalid sequences throw INVALID_ENCODING instead of becoming U+FFFD. A
 * leading byte order mark is dropped, unless `keepBom` (text passed through as it came).
 */
export function utf8Decode(bytes: Uint8Array, options: { keepBom?: boolean } = {}): string {
  assertBytes(bytes, "bytes");
  try {
    return (options.keepBom ? bomKeepingDecoder : strictDecoder).decode(bytes);
  } catch {
    throw new GryptError("INVALID_ENCODING", "bytes are not valid UTF-8");
  }
}

/** Compare in time that depends only on the lengths, not on where the bytes differ. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  assertBytes(a, "a");
  assertBytes(b, "b");
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) {
    assertBytes(p, "part");
    length += p.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function randomBytes(length: number): Uint8Array {
  check(
    Number.isSafeInteger(length) && length >= 0 && length <= 65536,
    "length must be an integer in 0..65536",
  );
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

/**
 * WebCrypto's BufferSource typing wants an ArrayBuffer-backed view; copy only when the view
 * is backed by something else (a SharedArrayBuffer, say).
 */
export function asBufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer
    ? (bytes as Uint8Array<ArrayBuffer>)
    : new Uint8Array(bytes);
}
