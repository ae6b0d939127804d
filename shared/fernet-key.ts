/**
 * Fernet keys: 32 bytes, the HMAC-SHA256 key (first half) followed by the AES-128 key (second
 * half), imported as two non-extractable CryptoKeys. The raw bytes are wiped after import.
 */
import { fromBase64Url, isBytes, randomBytes } from "./bytes.ts";
import { check, GryptError } from "./errors.ts";

export const FERNET_KEY_BYTES = 32;

export interface FernetKey {
  readonly hmac: CryptoKey;
  readonly aes: CryptoKey;
}

/** 32 fresh random bytes, the same form as Fernet's own `generate_key` (before base64url). */
export function generateFernetKey(): Uint8Array {
  return randomBytes(FERNET_KEY_BYTES);
}

/** Import a raw 32-byte key or its base64url text. Throws INVALID_KEY (INVALID_ARGUMENT for a wrong type). */
export async function importFernetKey(raw: Uint8Array | string): Promise<FernetKey> {
  let bytes: Uint8Array;
  if (typeof raw === "string") {
    try {
      bytes = fromBase64Url(raw);
    } catch {
      throw new GryptError("INVALID_KEY", "Fernet key text is not valid base64url");
    }
  } else {
    check(isBytes(raw), "Fernet key must be a Uint8Array or a base64url string");
    bytes = raw;
  }
  if (bytes.length !== FERNET_KEY_BYTES) {
    throw new GryptError(
      "INVALID_KEY",
      `Fernet key must be ${FERNET_KEY_BYTES} bytes, got ${bytes.length}`,
    );
  }
  const hmacRaw = bytes.slice(0, 16);
  const aesRaw = bytes.slice(16);
  try {
    const hmac = await globalThis.crypto.subtle.importKey(
      "raw",
      hmacRaw,
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
    const aes = await globalThis.crypto.subtle.importKey(
      "raw",
      aesRaw,
      { name: "AES-CBC" },
      false,
      ["encrypt", "decrypt"],
    );
    return Object.freeze({ hmac, aes });
  } finally {
    hmacRaw.fill(0);
    aesRaw.fill(0);
  }
}

/** Check that `key` is a FernetKey (two CryptoKeys of the right algorithms). Throws INVALID_ARGUMENT. */
export function assertFernetKey(key: unknown): asserts key is FernetKey {
  const k = key as Partial<FernetKey> | null;
  check(
    typeof k === "object" &&
      k !== null &&
      k.hmac instanceof CryptoKey &&
      k.hmac.algorithm.name === "HMAC" &&
      (k.hmac.algorithm as HmacKeyAlgorithm).hash.name === "SHA-256" &&
      (k.hmac.algorithm as HmacKeyAlgorithm).length === 128 &&
      k.aes instanceof CryptoKey &&
      k.aes.algorithm.name === "AES-CBC" &&
      (k.aes.algorithm as AesKeyAlgorithm).length === 128,
    "key must be a FernetKey made by importFernetKey",
  );
}
