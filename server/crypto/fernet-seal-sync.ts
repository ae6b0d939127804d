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
import { assertBytes } from "../../shared/bytes.ts";
import { assertSeconds, FERNET_IV_BYTES, fernetTokenBody } from "../../shared/fernet-format.ts";
import { assertFernetKey, type FernetKey } from "../../shared/fernet-key.ts";

export interface SyncSealOptions {
  /** Seconds since the epoch for the token's timestamp (default: now). */
  time?: number;
  /** 16 bytes (default: random); for known-answer tests. */
  iv?: Uint8Array;
}

/** Each key's halves as node:crypto takes them, made once per key (the server seals with one). */
const keyObjects = new WeakMap<FernetKey, { aes: KeyObject; hmac: KeyObject }>();

function keyObjectsOf(key: FernetKey): { aes: KeyObject; hmac: KeyObject } {
  let found = keyObjects.get(key);
  if (!found) {
    found = { aes: KeyObject.from(key.aes), hmac: KeyObject.from(key.hmac) };
    keyObjects.set(key, found);
  }
  return found;
}

/** fernetEncrypt (shared/fernet.ts), synchronous; the same checks on its inputs. */
export function fernetEncryptSync(
  key: FernetKey,
  plaintext: Uint8Array,
  options: SyncSealOptions = {},
): Uint8Array {
  assertFernetKey(key);
  assertBytes(plaintext, "plaintext");
  const time = options.time ?? Math.floor(Date.now() / 1000);
  assertSeconds(time, "time", true);
  if (options.iv !== undefined) assertBytes(options.iv, "iv", FERNET_IV_BYTES);
  const iv = options.iv ?? randomBytes(FERNET_IV_BYTES);
  const { aes, hmac } = keyObjectsOf(key);
  const cipher = createCipheriv("aes-128-cbc", aes, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const { token, macAt } = fernetTokenBody(time, iv, ciphertext);
  token.set(createHmac("sha256", hmac).update(token.subarray(0, macAt)).digest(), macAt);
  return token;
}
