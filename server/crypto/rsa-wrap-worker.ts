/**
 * Worker thread of the wrap pool (wrap-pool.ts): RSA-OAEP-SHA256 wraps of one session key for
 * many member keys, with node:crypto's synchronous publicEncrypt (no per-wrap promise or job).
 * Keys arrive once each as KeyObjects sharing the main thread's imported key, then by number
 * (worker-keys.ts): nothing is imported or copied here. The wrap size comes from the pool
 * (workerData.wrappedBytes). Loaded from source under tsx (tests, bench) and as
 * dist/node/rsa-wrap-worker.js beside the bundled server (start-wrap-worker.ts picks which). Messages:
 *   in:  WrapRequest below (`reset` forgets every key held; `fresh` are keys to hold from now)
 *   out: {type: "wrapped", job, wrapped: Uint8Array(ids.length × 384), transferred: wrap i at
 *         i × 384; ok: Uint8Array(ids.length), 1 where wrap i was made, 0 where it failed}
 *         (WrapPool's ReplySchema checks it)
 */
import { constants, KeyObject, publicEncrypt } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";

interface WrapRequest {
  type: "wrap";
  job: number;
  /** The session key (32 bytes), zeroed here once wrapped. */
  key: Uint8Array;
  reset: boolean;
  /** One per member, in order. */
  ids: number[];
  fresh: { id: number; key: KeyObject }[];
}

const wrappedBytes: unknown = (workerData as { wrappedBytes?: unknown } | null)?.wrappedBytes;
if (typeof wrappedBytes !== "number" || !Number.isInteger(wrappedBytes) || wrappedBytes <= 0)
  throw new Error("rsa-wrap-worker: workerData.wrappedBytes is required");
const WRAPPED_BYTES = wrappedBytes;
/** id → KeyObject: only RSA public keys of WRAPPED_BYTES × 8 bits are held (another id fails its wrap). */
const held = new Map<number, KeyObject>();

function isRsaOfWrapSize(key: unknown): key is KeyObject {
  return (
    key instanceof KeyObject &&
    key.type === "public" &&
    key.asymmetricKeyType === "rsa" &&
    key.asymmetricKeyDetails?.modulusLength === WRAPPED_BYTES * 8
  );
}

/** Only the pool posts here; anything that is not a wrap request is ignored. */
function isWrapRequest(message: unknown): message is WrapRequest {
  return (message as { type?: unknown } | null)?.type === "wrap";
}

function wrapOne(publicKey: KeyObject, key: Uint8Array): Buffer | undefined {
  try {
    const out = publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
      key,
    );
    return out.length === WRAPPED_BYTES ? out : undefined;
  } catch {
    return undefined;
  }
}

parentPort?.on("message", (message: unknown) => {
  if (!isWrapRequest(message)) return;
  const { job, key, reset, ids, fresh } = message;
  if (reset) held.clear();
  for (const { id, key: publicKey } of fresh)
    if (isRsaOfWrapSize(publicKey)) held.set(id, publicKey);
  const wrapped = new Uint8Array(ids.length * WRAPPED_BYTES);
  const ok = new Uint8Array(ids.length);
  ids.forEach((id, i) => {
    const publicKey = held.get(id);
    // A key not held, or a wrap that failed: ok[i] stays 0 and the pool's caller wraps it itself.
    const out = publicKey && wrapOne(publicKey, key);
    if (!out) return;
    wrapped.set(out, i * WRAPPED_BYTES);
    ok[i] = 1;
  });
  key.fill(0);
  parentPort?.postMessage({ type: "wrapped", job, wrapped, ok }, [wrapped.buffer]);
});
