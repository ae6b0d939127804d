/**
 * Key derivation for vaults: PBKDF2-HMAC-SHA256 from the password (NFC-normalised UTF-8, so
 * the same typed password gives the same key on every platform), and the check value that
 * tells a wrong password apart from a damaged file.
 */
import { asBufferSource, assertBytes, isBytes, utf8Encode } from "./bytes.ts";
import { check } from "./errors.ts";

const subtle = globalThis.crypto.subtle;

export const VAULT_KEY_BYTES = 32;
export const MAX_PASSWORD_CHARS = 1024;
export const VAULT_CHECK_LABEL = "grypt/v1/vault-check";

/** The password as PBKDF2 sees it; INVALID_ARGUMENT for an empty or absurdly long one. */
export function passwordBytes(password: string): Uint8Array {
  check(typeof password === "string", "password must be a string");
  check(password.length > 0, "password must not be empty");
  check(
    password.length <= MAX_PASSWORD_CHARS,
    `password must be at most ${MAX_PASSWORD_CHARS} characters`,
  );
  return utf8Encode(password.normalize("NFC"));
}

/** PBKDF2-HMAC-SHA256 (RFC 8018) of raw password bytes; `byteLength` bytes of output. */
export async function pbkdf2Sha256(
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  byteLength: number,
): Promise<Uint8Array> {
  check(isBytes(password), "password must be a Uint8Array");
  assertBytes(salt, "salt");
  check(
    Number.isSafeInteger(iterations) && iterations >= 1 && iterations <= 2 ** 32 - 1,
    "iterations must be a positive integer",
  );
  check(
    Number.isSafeInteger(byteLength) && byteLength >= 1 && byteLength <= 1024,
    "byteLength must be an integer in 1..1024",
  );
  const base = await subtle.importKey("raw", asBufferSource(password), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: asBufferSource(salt), iterations },
    base,
    byteLength * 8,
  );
  return new Uint8Array(bits);
}

/** The 32-byte vault key for a password. */
export async function deriveVaultKey(
  password: string,
  salt: Uint8Array,
  iterations: number,
): Promise<Uint8Array> {
  return pbkdf2Sha256(passwordBytes(password), salt, iterations, VAULT_KEY_BYTES);
}

/** First 16 bytes of HMAC-SHA256(key, "grypt/v1/vault-check"). */
export async function vaultCheckValue(key: Uint8Array): Promise<Uint8Array> {
  assertBytes(key, "vault key", VAULT_KEY_BYTES);
  const hmac = await subtle.importKey(
    "raw",
    asBufferSource(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await subtle.sign("HMAC", hmac, asBufferSource(utf8Encode(VAULT_CHECK_LABEL)));
  return new Uint8Array(mac).slice(0, 16);
}
