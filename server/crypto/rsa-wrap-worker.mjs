// Worker thread of the wrap pool (wrap-pool.ts): RSA-OAEP-SHA256 wraps of one session key for
// many member keys, with node:crypto's synchronous publicEncrypt (no per-wrap promise or job).
// Plain JavaScript so it runs under any loader. Messages (WrapPool's ReplySchema):
//   in:  {type: "wrap", job, key: Uint8Array(32), spkis: string[] (base64url SPKI DER)}
//   out: {type: "wrapped", job, wrapped: Uint8Array(spkis.length × 384), transferred: wrap i at
//         i × 384; ok: Uint8Array(spkis.length), 1 where wrap i was made, 0 where the key failed}
import { constants, createPublicKey, publicEncrypt } from "node:crypto";
import { parentPort } from "node:worker_threads";

const WRAPPED_BYTES = 384;
const CACHE_LIMIT = 50_000;
const cache = new Map();

function publicKey(spki) {
  let key = cache.get(spki);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(spki, "base64url"), format: "der", type: "spki" });
    if (key.asymmetricKeyType !== "rsa" || key.asymmetricKeyDetails?.modulusLength !== WRAPPED_BYTES * 8) {
      throw new Error("not an RSA-3072 key");
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(spki, key);
  }
  return key;
}

parentPort?.on("message", (message) => {
  if (message?.type !== "wrap") return;
  const { job, key, spkis } = message;
  const wrapped = new Uint8Array(spkis.length * WRAPPED_BYTES);
  const ok = new Uint8Array(spkis.length);
  spkis.forEach((spki, i) => {
    try {
      const out = publicEncrypt({ key: publicKey(spki), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, key);
      if (out.length !== WRAPPED_BYTES) throw new Error("unexpected length");
      wrapped.set(out, i * WRAPPED_BYTES);
      ok[i] = 1;
    } catch {
      // ok[i] stays 0: the pool's caller wraps this member itself
    }
  });
  key.fill(0);
  parentPort.postMessage({ type: "wrapped", job, wrapped, ok }, [wrapped.buffer]);
});
