/**
 * base62 armor (docs/design.md, "Posts"): letters and digits only, so a token survives
 * Markdown, link detection and "smart" punctuation. Bytes are cut into 32-byte blocks; each block,
 * read as a big-endian unsigned integer, is written in base62 (digits 0-9A-Za-z) left-padded with
 * "0" to 43 characters; a final block of k < 32 bytes takes the fewest characters c with
 * 62^c >= 256^k. Decoding rejects any other character, a final length no k produces, and a block
 * whose value does not fit its byte count, so every byte string has exactly one armored form.
 * Cost is linear: each block is converted on its own with small-number schoolbook arithmetic.
 */
import { assertBytes } from "./bytes.ts";
import { check, GryptError } from "./errors.ts";

export const ARMOR_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const ARMOR_BLOCK_BYTES = 32;
export const ARMOR_BLOCK_CHARS = 43;

/** CHARS_FOR_BYTES[k]: fewest c with 62^c >= 256^k, for k = 0..32, computed exactly. */
const CHARS_FOR_BYTES: readonly number[] = Array.from({ length: ARMOR_BLOCK_BYTES + 1 }, (_, k) => {
  const target = 256n ** BigInt(k);
  let c = 0;
  for (let p = 1n; p < target; p *= 62n) c++;
  return c;
});
/** BYTES_FOR_CHARS[c]: the k of a final partial block of c characters, or -1 when no k gives c. */
const BYTES_FOR_CHARS = new Int8Array(ARMOR_BLOCK_CHARS).fill(-1);
for (let k = 0; k < ARMOR_BLOCK_BYTES; k++) BYTES_FOR_CHARS[CHARS_FOR_BYTES[k]!] = k;
if (CHARS_FOR_BYTES[ARMOR_BLOCK_BYTES] !== ARMOR_BLOCK_CHARS)
  throw new Error("armor block size is inconsistent");

const DIGIT_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ARMOR_ALPHABET.length; i++) DIGIT_VALUE[ARMOR_ALPHABET.charCodeAt(i)] = i;
const DIGIT_CODE = Uint8Array.from(ARMOR_ALPHABET, (ch) => ch.charCodeAt(0));
const ascii = new TextDecoder();

function invalid(message: string): GryptError {
  return new GryptError("ARMOR_INVALID", message);
}

/** Number of characters `byteLength` bytes armor to. */
export function armoredLength(byteLength: number): number {
  check(
    Number.isSafeInteger(byteLength) && byteLength >= 0,
    "byte length must be a non-negative integer",
  );
  const full = Math.floor(byteLength / ARMOR_BLOCK_BYTES);
  return full * ARMOR_BLOCK_CHARS + CHARS_FOR_BYTES[byteLength % ARMOR_BLOCK_BYTES]!;
}

/** Number of bytes an armored text of `charLength` characters holds, or -1 if no byte string armors to that length. */
export function dearmoredLength(charLength: number): number {
  check(
    Number.isSafeInteger(charLength) && charLength >= 0,
    "character length must be a non-negative integer",
  );
  const k = BYTES_FOR_CHARS[charLength % ARMOR_BLOCK_CHARS]!;
  return k < 0 ? -1 : Math.floor(charLength / ARMOR_BLOCK_CHARS) * ARMOR_BLOCK_BYTES + k;
}

export function armor(bytes: Uint8Array): string {
  assertBytes(bytes, "bytes");
  const out = new Uint8Array(armoredLength(bytes.length));
  const digits = new Uint8Array(ARMOR_BLOCK_CHARS); // least significant first
  let o = 0;
  for (let start = 0; start < bytes.length; start += ARMOR_BLOCK_BYTES) {
    const end = Math.min(start + ARMOR_BLOCK_BYTES, bytes.length);
    const chars = CHARS_FOR_BYTES[end - start]!;
    let used = 0;
    for (let i = start; i < end; i++) {
      let carry = bytes[i]!;
      for (let j = 0; j < used; j++) {
        const x = digits[j]! * 256 + carry;
        digits[j] = x % 62;
        carry = (x / 62) | 0;
      }
      while (carry > 0) {
        digits[used++] = carry % 62;
        carry = (carry / 62) | 0;
      }
    }
    for (let j = chars - 1; j >= 0; j--) out[o++] = DIGIT_CODE[j < used ? digits[j]! : 0]!;
  }
  return ascii.decode(out);
}

export function dearmor(text: string): Uint8Array {
  check(typeof text === "string", "armored text must be a string");
  const total = dearmoredLength(text.length);
  if (total < 0) throw invalid(`armored text has an impossible length (${text.length} characters)`);
  const out = new Uint8Array(total);
  const value = new Uint8Array(ARMOR_BLOCK_BYTES); // least significant first
  let o = 0;
  for (let start = 0; start < text.length; start += ARMOR_BLOCK_CHARS) {
    const end = Math.min(start + ARMOR_BLOCK_CHARS, text.length);
    const size =
      end - start === ARMOR_BLOCK_CHARS ? ARMOR_BLOCK_BYTES : BYTES_FOR_CHARS[end - start]!;
    let used = 0;
    for (let i = start; i < end; i++) {
      const code = text.charCodeAt(i);
      let carry = code < 128 ? DIGIT_VALUE[code]! : -1;
      if (carry < 0) throw invalid(`armored text has a character outside 0-9A-Za-z at ${i}`);
      for (let j = 0; j < used; j++) {
        const x = value[j]! * 62 + carry;
        value[j] = x & 255;
        carry = x >> 8;
      }
      while (carry > 0) {
        if (used === size) throw invalid(`armored block at ${start} does not fit in ${size} bytes`);
        value[used++] = carry & 255;
        carry >>= 8;
      }
    }
    for (let j = size - 1; j >= 0; j--) out[o++] = j < used ? value[j]! : 0;
  }
  return out;
}
