// Worker thread of the wrap pool (wrap-pool.ts): RSA-OAEP-SHA256 wraps of one session key for
// many member keys, with node:crypto's synchronous publicEncrypt (no per-wrap promise or job).
// Keys arrive once each as KeyObjects sharing the main thread's imported key, then by number
// (worker-keys.ts): nothing is imported or copied here. Plain JavaScript so it runs under any
// loader. The wrap size comes from the pool (workerData.wrappedBytes). Messages (WrapPool's
// ReplySchema):
//   in:  {type: "wrap", job, key: Uint8Array(32), reset: boolean (forget every key held),
//         ids: number[] (one per member), fresh: {id, key: KeyObject}[] (keys to hold from now)}
//   out: {type: "wrapped", job, wrapped: Uint8Array(ids.length × 384), transferred: wrap i at
//         i × 384; ok: Uint8Array(ids.length), 1 where wrap i was made, 0 where it failed}
import { constants, KeyObject, publicEncrypt } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";

const WRAPPED_BYTES = workerData?.wrappedBytes;
if (!Number.isInteger(WRAPPED_BYTES) || WRAPPED_BYTES <= 0)
  throw new Error("rsa-wrap-worker: workerData.wrappedBytes is required");
/** id → KeyObject: only RSA-3072 public keys are held (another id fails its wrap). */
const held = new Map();

function isRsa3072(key) {
  return (
    key instanceof KeyObject &&
    key.type === "public" &&
    key.asymmetricKeyType === "rsa" &&
    key.asymmetricKeyDetails?.modulusLength === WRAPPED_BYTES * 8
  );
}

parentPort?.on("message", (message) => {
  if (message?.type !== "wrap") return;
  const { job, key, reset, ids, fresh } = message;
  if (reset) held.clear();
  for (const { id, key: publicKey } of fresh) if (isRsa3072(publicKey)) held.set(id, publicKey);
  const wrapped = new Uint8Array(ids.length * WRAPPED_BYTES);
  const ok = new Uint8Array(ids.length);
  ids.forEach((id, i) => {
    const publicKey = held.get(id);
    if (!publicKey) return; // ok[i] stays 0: the pool's caller wraps this member itself
    try {
      const out = publicEncrypt(
        { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
        key,
      );
      if (out.length !== WRAPPED_BYTES) throw new Error("unexpected length");
      wrapped.set(out, i * WRAPPED_BYTES);
      ok[i] = 1;
    } catch {
      // ok[i] stays 0
    }
  });
  key.fill(0);
  parentPort.postMessage({ type: "wrapped", job, wrapped, ok }, [wrapped.buffer]);
});
