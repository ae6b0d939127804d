/**
 * Fernet (fernet/spec) on WebCrypto: AES-128-CBC with PKCS#7 and HMAC-SHA256, encrypt-then-MAC.
 * The 32-byte key is the HMAC key (first half) followed by the AES key (second half); both halves
 * become non-extractable CryptoKeys. The MAC is verified (crypto.subtle.verify, constant time)
 * before anything is decrypted or any timestamp is looked at, so a forged token is always
 * TOKEN_AUTH_FAILED. No TTL applies unless the caller asks for one.
 */
import { asBufferSource, assertBytes, randomBytes } from "./bytes.ts";
import { check, GryptError } from "./errors.ts";
import {
  assertSeconds,
  checkFernetTokenShape,
  FERNET_CIPHERTEXT_OFFSET,
  FERNET_HMAC_BYTES,
  FERNET_IV_BYTES,
  fernetTimestamp,
  fernetTokenBody,
} from "./fernet-format.ts";
import { assertFernetKey, type FernetKey } from "./fernet-key.ts";

export {
  checkFernetTokenShape,
  decodeFernetToken,
  encodeFernetToken,
  FERNET_MIN_TOKEN_BYTES,
  FERNET_OVERHEAD_BYTES,
  fernetTimestamp,
  fernetTokenLength,
} from "./fernet-format.ts";
export {
  FERNET_KEY_BYTES,
  type FernetKey,
  generateFernetKey,
  importFernetKey,
} from "./fernet-key.ts";

/** Tokens stamped more than this far ahead of `now` are refused when a TTL is given (as the spec's vectors). */
export const FERNET_MAX_CLOCK_SKEW_SECONDS = 60;

export interface FernetEncryptOptions {
  /** Unix seconds written into the token; now by default. */
  time?: number;
  /** 16-byte IV; random by default. Fixed IVs are for test vectors only. */
  iv?: Uint8Array;
}

export interface FernetDecryptOptions {
  /** Maximum age in seconds; none by default. With a TTL, far-future tokens are refused too. */
  ttl?: number;
  /** Unix seconds to judge the TTL against; the clock by default. Ignored without `ttl`. */
  now?: number;
}

const subtle = () => globalThis.crypto.subtle;

/** Encrypt bytes (any bytes, empty included) into token bytes; encodeFernetToken gives the text form. */
export async function fernetEncrypt(
  key: FernetKey,
  plaintext: Uint8Array,
  opts: FernetEncryptOptions = {},
): Promise<Uint8Array> {
  assertFernetKey(key);
  assertBytes(plaintext, "plaintext");
  check(typeof opts === "object" && opts !== null, "options must be an object");
  const time = opts.time ?? Math.floor(Date.now() / 1000);
  assertSeconds(time, "time", true);
  if (opts.iv !== undefined) assertBytes(opts.iv, "iv", FERNET_IV_BYTES);
  // Own copy: the IV used and the IV written must be the same bytes across the await.
  const iv = opts.iv?.slice() ?? randomBytes(FERNET_IV_BYTES);

  const ciphertext = new Uint8Array(
    await subtle().encrypt(
      { name: "AES-CBC", iv: asBufferSource(iv) },
      key.aes,
      asBufferSource(plaintext),
    ),
  );
  const { token, macAt } = fernetTokenBody(time, iv, ciphertext);
  const mac = await subtle().sign("HMAC", key.hmac, token.subarray(0, macAt));
  token.set(new Uint8Array(mac), macAt);
  return token;
}

/**
 * Verify and decrypt token bytes. Throws TOKEN_MALFORMED (shape, padding), TOKEN_AUTH_FAILED
 * (MAC: wrong key or altered token), TOKEN_EXPIRED and TOKEN_FROM_FUTURE (only with `ttl`).
 */
export async function fernetDecrypt(
  key: FernetKey,
  token: Uint8Array,
  opts: FernetDecryptOptions = {},
): Promise<Uint8Array> {
  assertFernetKey(key);
  checkFernetTokenShape(token);
  check(typeof opts === "object" && opts !== null, "options must be an object");
  if (opts.ttl !== undefined) assertSeconds(opts.ttl, "ttl", false);
  if (opts.now !== undefined) assertSeconds(opts.now, "now", false);
  // Own copy: the caller's buffer may change between the MAC check and decryption.
  const bytes = token.slice();
  const macAt = bytes.length - FERNET_HMAC_BYTES;

  const authentic = await subtle().verify(
    "HMAC",
    key.hmac,
    bytes.subarray(macAt),
    bytes.subarray(0, macAt),
  );
  if (!authentic)
    throw new GryptError(
      "TOKEN_AUTH_FAILED",
      "Fernet token does not authenticate (wrong key or altered)",
    );

  if (opts.ttl !== undefined) {
    const now = opts.now ?? Math.floor(Date.now() / 1000);
    const stamped = fernetTimestamp(bytes);
    if (stamped + opts.ttl < now)
      throw new GryptError("TOKEN_EXPIRED", "Fernet token is older than its TTL");
    if (now + FERNET_MAX_CLOCK_SKEW_SECONDS < stamped) {
      throw new GryptError("TOKEN_FROM_FUTURE", "Fernet token is stamped too far in the future");
    }
  }

  const iv = bytes.subarray(9, FERNET_CIPHERTEXT_OFFSET);
  try {
    const plain = await subtle().decrypt(
      { name: "AES-CBC", iv },
      key.aes,
      bytes.subarray(FERNET_CIPHERTEXT_OFFSET, macAt),
    );
    return new Uint8Array(plain);
  } catch {
    // WebCrypto reports a PKCS#7 padding error as a bare OperationError.
    throw new GryptError("TOKEN_MALFORMED", "Fernet token has invalid padding");
  }
}
