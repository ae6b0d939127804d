/**
 * Fernet encryption with node:crypto, synchronous, for the server's journal: every state change
 * (a join request, an approval, a kick's rotation) is sealed before it is written, and sealing
 * here takes microseconds on the main thread, where shared/fernet.ts (WebCrypto) takes two trips
 * through libuv's threadpool, which a busy server (a rotation's wraps on every core) can keep
 * waiting for milliseconds. The keys stay the same non-extractable CryptoKeys: node:crypto uses
 * them through KeyObject.from, without their bytes reaching JavaScript. The tokens are the same
 * as shared/fernet.ts makes (tests: the spec vectors byte for byte, and each opens the other's).
 */
import { createCipheriv, createHmac, KeyObject, randomBytes } from "node:crypto";
import { check } from "../../shared/errors.ts";
import { FERNET_IV_BYTES, fernetTokenBody } from "../../shared/fernet-format.ts";
import { assertFernetKey, type FernetKey } from "../../shared/fernet-key.ts";

export interface SyncSealOptions {
  /** Seconds since the epoch for the token's timestamp (default: now). */
  time?: number;
  /** 16 bytes (default: random); for known-answer tests. */
  iv?: Uint8Array;
}

export function fernetEncryptSync(key: FernetKey, plaintext: Uint8Array, options: SyncSealOptions = {}): Uint8Array {
  assertFernetKey(key);
  check(plaintext instanceof Uint8Array, "plaintext must be a Uint8Array");
  const time = options.time ?? Math.floor(Date.now() / 1000);
  check(Number.isSafeInteger(time) && time >= 0, "time must be a non-negative whole number of seconds");
  check(options.iv === undefined || (options.iv instanceof Uint8Array && options.iv.length === FERNET_IV_BYTES), `iv must be ${FERNET_IV_BYTES} bytes`);
  const iv = options.iv ?? randomBytes(FERNET_IV_BYTES);
  const cipher = createCipheriv("aes-128-cbc", KeyObject.from(key.aes), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const { token, macAt } = fernetTokenBody(time, iv, ciphertext);
  token.set(createHmac("sha256", KeyObject.from(key.hmac)).update(token.subarray(0, macAt)).digest(), macAt);
  return token;
}
