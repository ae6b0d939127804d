/**
 * Worker threads that wrap one session key for many member keys at once: the rotation
 * fan-out's RSA-OAEP-3072 work, spread over the cores while the main thread sends. Each worker
 * (rsa-wrap-worker.ts) runs node:crypto's synchronous RSA-OAEP-SHA256 over chunks of keys,
 * which costs far less per wrap than one WebCrypto call each; the bytes are the same standard
 * RSA-OAEP (tests unwrap them with WebCrypto). Each chunk's wraps come back as one buffer. A key
 * a worker cannot use, or a worker that dies, leaves those members unwrapped: the caller wraps
 * them itself with WebCrypto.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import * as v from "valibot";
import { startWrapWorker } from "./start-wrap-worker.ts";
import { KeyNumbers, MAX_WORKER_KEYS, WorkerKeys } from "./worker-keys.ts";
import { WRAPPED_BYTES, type WrappedChunk } from "./wrapped-chunk.ts";

export const WRAP_CHUNK = 32;
/**
 * Chunks queued on a worker: one running and one waiting, so it never idles while the main
 * thread handles the last reply; no more, so the rest go to whichever worker frees up first
 * (workers get unequal CPU while the main thread sends).
 */
const IN_FLIGHT_PER_WORKER = 2;
const MAX_LOSSES = 8;

const ReplySchema = v.strictObject({
  type: v.literal("wrapped"),
  job: v.number(),
  wrapped: v.instance(Uint8Array),
  ok: v.instance(Uint8Array),
});

/** Called once per chunk as it finishes (or fails: every `ok` 0). */
type Deliver = (chunk: WrappedChunk) => void;

interface Chunk {
  key: Uint8Array;
  keys: CryptoKey[];
  start: number;
  deliver: Deliver;
  done: () => void;
}

interface Slot {
  worker: Worker;
  busy: Map<number, Chunk>;
  /** The keys this worker holds. */
  keys: WorkerKeys;
}

/** One worker per core (fewer leaves the wraps short of a core; the main thread mostly waits on sends). */
export function defaultPoolSize(): number {
  return Math.min(8, Math.max(1, availableParallelism()));
}

export class WrapPool {
  readonly size: number;
  #slots: Slot[] = [];
  #queue: Chunk[] = [];
  #nextJob = 1;
  readonly #keyNumbers = new KeyNumbers();
  #closed = false;
  /** Workers lost since one last answered; past MAX_LOSSES none is started again. */
  #losses = 0;
  readonly #maxWorkerKeys: number;

  constructor(size = defaultPoolSize(), options: { maxWorkerKeys?: number } = {}) {
    this.size = size;
    this.#maxWorkerKeys = options.maxWorkerKeys ?? MAX_WORKER_KEYS;
  }

  /** Start the workers now rather than at the first wrap. */
  warm(): void {
    for (let i = this.#slots.length; !this.#closed && i < this.size; i++) this.#spawn();
  }

  /**
   * Wrap `key` for every public key (RSA-OAEP CryptoKeys, as imported); `deliver` runs once per
   * chunk as chunks finish. Workers share the imported keys (worker-keys.ts).
   */
  wrapAll(key: Uint8Array, keys: readonly CryptoKey[], deliver: Deliver): Promise<void> {
    if (keys.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      let left = Math.ceil(keys.length / WRAP_CHUNK);
      const done = () => {
        if (--left === 0) resolve();
      };
      for (let start = 0; start < keys.length; start += WRAP_CHUNK) {
        this.#queue.push({
          key,
          keys: keys.slice(start, start + WRAP_CHUNK),
          start,
          deliver,
          done,
        });
      }
      this.warm();
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const slots = this.#slots;
    this.#slots = [];
    for (const chunk of this.#queue.splice(0)) fail(chunk);
    await Promise.all(
      slots.map(async (slot) => {
        for (const chunk of slot.busy.values()) fail(chunk);
        slot.busy.clear();
        await slot.worker.terminate();
      }),
    );
  }

  #spawn(): void {
    let worker: Worker;
    try {
      worker = startWrapWorker({ wrappedBytes: WRAPPED_BYTES });
    } catch {
      return;
    }
    worker.unref();
    const slot: Slot = {
      worker,
      busy: new Map(),
      keys: new WorkerKeys(this.#keyNumbers, this.#maxWorkerKeys),
    };
    worker.on("message", (message: unknown) => this.#finish(slot, message));
    worker.on("error", () => this.#lose(slot));
    worker.on("exit", () => this.#lose(slot));
    this.#slots.push(slot);
  }

  #dispatch(): void {
    // No worker to give them to (closed, or workers cannot start): the caller falls back.
    if (this.#slots.length === 0) for (const chunk of this.#queue.splice(0)) fail(chunk);
    // Each chunk to the least busy worker, at most IN_FLIGHT_PER_WORKER ahead.
    while (this.#queue.length > 0) {
      const slot = this.#slots.reduce((a, b) => (b.busy.size < a.busy.size ? b : a));
      if (slot.busy.size >= IN_FLIGHT_PER_WORKER) return;
      const chunk = this.#queue.shift()!;
      const job = this.#nextJob++;
      slot.busy.set(job, chunk);
      slot.worker.postMessage({ type: "wrap", job, key: chunk.key, ...slot.keys.refs(chunk.keys) });
    }
  }

  #finish(slot: Slot, message: unknown): void {
    const reply = v.safeParse(ReplySchema, message);
    const chunk = reply.success ? slot.busy.get(reply.output.job) : undefined;
    const count = chunk?.keys.length ?? 0;
    if (
      !reply.success ||
      !chunk ||
      reply.output.ok.length !== count ||
      reply.output.wrapped.length !== count * WRAPPED_BYTES
    ) {
      this.#lose(slot);
      return;
    }
    slot.busy.delete(reply.output.job);
    this.#losses = 0;
    const { wrapped, ok } = reply.output;
    chunk.deliver({
      start: chunk.start,
      count,
      bytes: Buffer.from(wrapped.buffer, wrapped.byteOffset, wrapped.byteLength),
      ok,
    });
    chunk.done();
    this.#dispatch();
  }

  /** A worker that failed or sent nonsense: its chunks fall back to the caller; a new one replaces it. */
  #lose(slot: Slot): void {
    const at = this.#slots.indexOf(slot);
    if (at === -1) return;
    this.#slots.splice(at, 1);
    void slot.worker.terminate();
    for (const chunk of slot.busy.values()) fail(chunk);
    slot.busy.clear();
    if (this.#closed) return;
    if (++this.#losses <= MAX_LOSSES) this.warm();
    this.#dispatch();
  }
}

function fail(chunk: Chunk): void {
  const count = chunk.keys.length;
  chunk.deliver({ start: chunk.start, count, bytes: Buffer.alloc(0), ok: new Uint8Array(count) });
  chunk.done();
}
