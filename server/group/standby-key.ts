/**
 * The next epoch's session key, made and wrapped for the connected members ahead of time, so a
 * rotation (a kick above all) reaches them in the time it takes to send rather than to wrap.
 *
 * The key lives only in memory until a rotation saves it as the new epoch, and leaves the server
 * only in that rotation's rekeys, which go to the members who stay: a member removed before then
 * never receives its wrap. Its rekey message is signed ahead too (all but each member's wrap),
 * so the rotation only saves and sends. Any rotation takes the standby, used or not. Preparing
 * runs a moment after it is asked for (after a rotation, after members connect), for every
 * connected member without a wrap, so a burst of connections makes one batch. Wraps are keyed
 * by fingerprint and the encryption key they were made for, so a wrap can only reach the key it
 * was made for.
 */
import { fromBase64Url } from "../../shared/bytes.ts";
import { WRAP_CHUNK, type WrapPool } from "../crypto/wrap-pool.ts";
import { type WrappedChunk, wrapText } from "../crypto/wrapped-chunk.ts";
import type { Logger } from "../log.ts";
import type { RekeyTarget } from "./fanout.ts";

/** One member's wrap of the standby key, made for `encKey`: base64url text, or undefined if it failed. */
export interface StandbyWrap {
  readonly encKey: string;
  /** Whether the wrap is made already (it may still be on the pool). */
  made(): boolean;
  wrapped(): Promise<string | undefined>;
}

/**
 * The wraps of one preparation, kept as the pool's chunk buffers (384 bytes a member, no text).
 * Each member's wrap is ready when its chunk is, so a rotation that takes a standby still being
 * made sends the wraps already made while the pool makes the rest.
 */
class Batch {
  /** The chunks delivered so far (every chunk is delivered, failed or not). */
  readonly #chunks: WrappedChunk[] = [];
  /** Per chunk: resolves with it when the pool delivers it. */
  readonly #arrivals: Promise<WrappedChunk>[] = [];
  readonly done: Promise<void>;
  constructor(pool: WrapPool, key: Uint8Array, targets: readonly RekeyTarget[]) {
    const arrived: Array<(chunk: WrappedChunk) => void> = [];
    for (let at = 0; at * WRAP_CHUNK < targets.length; at++) {
      this.#arrivals.push(
        new Promise((resolve) => {
          arrived[at] = resolve;
        }),
      );
    }
    this.done = pool.wrapAll(
      key,
      targets.map((t) => t.encPublic),
      (chunk) => {
        const at = chunk.start / WRAP_CHUNK;
        this.#chunks[at] = chunk;
        arrived[at]?.(chunk);
      },
    );
  }
  /** Member `index`'s wrap as text once its chunk is done, or undefined if it failed. */
  async text(index: number): Promise<string | undefined> {
    const chunk = await this.#arrivals[Math.floor(index / WRAP_CHUNK)];
    return chunk && wrapText(chunk, index % WRAP_CHUNK);
  }
  /** Whether member `index` was wrapped (false while its chunk is still on the pool). */
  made(index: number): boolean {
    return this.#chunks[Math.floor(index / WRAP_CHUNK)]?.ok[index % WRAP_CHUNK] === 1;
  }
}

class BatchWrap implements StandbyWrap {
  constructor(
    readonly encKey: string,
    readonly batch: Batch,
    readonly index: number,
  ) {}
  made(): boolean {
    return this.batch.made(this.index);
  }
  wrapped(): Promise<string | undefined> {
    return this.batch.text(this.index);
  }
}

export interface Standby {
  epoch: number;
  /** The session key, base64url, as an epoch record holds it. */
  key: string;
  /** The rekey message up to its wrap, signed (fanout.ts rekeyHead), for a rotation from epoch - 1. */
  head: Promise<string>;
  wraps: ReadonlyMap<string, StandbyWrap>;
}

export interface StandbyOptions {
  pool: WrapPool;
  newKey: () => string;
  /** The signed rekey head for `key` as epoch `epoch` (computed once per standby key). */
  sign: (epoch: number, key: string) => Promise<string>;
  /** The epoch a rotation would make now, and the members connected now. */
  next: () => { epoch: number; targets: RekeyTarget[] };
  log: Logger;
  /** How long after being asked preparing starts (asks in between join the same batch). */
  delayMs: number;
}

export class StandbyKey {
  readonly #options: StandbyOptions;
  #standby: (Standby & { wraps: Map<string, StandbyWrap> }) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();

  constructor(options: StandbyOptions) {
    this.#options = options;
  }

  /** Prepare (or top up) the standby in a moment; asks until then are one. */
  schedule(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const run = this.#running.then(() => this.#prepare());
      this.#running = run.catch(() => undefined);
    }, this.#options.delayMs);
    this.#timer.unref();
  }

  /** Resolves once nothing is scheduled or running (tests wait on it). */
  async settled(): Promise<void> {
    while (this.#timer) await new Promise((r) => setTimeout(r, this.#options.delayMs));
    await this.#running;
  }

  /** The standby for `epoch`, removed from here (a standby for another epoch is dropped). */
  take(epoch: number): Standby | undefined {
    const standby = this.#standby;
    this.#standby = undefined;
    return standby?.epoch === epoch ? standby : undefined;
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#standby = undefined;
  }

  async #prepare(): Promise<void> {
    const { epoch, targets } = this.#options.next();
    if (this.#standby?.epoch !== epoch) {
      const key = this.#options.newKey();
      const head = this.#options.sign(epoch, key);
      head.catch(() => undefined); // a standby dropped unused may fail unawaited; a rotation awaits it
      this.#standby = { epoch, key, head, wraps: new Map() };
    }
    const standby = this.#standby;
    const missing = targets.filter((t) => standby.wraps.get(t.fingerprint)?.encKey !== t.encKey);
    if (missing.length === 0) return;
    const started = performance.now();
    const batch = new Batch(this.#options.pool, fromBase64Url(standby.key), missing);
    for (const [index, target] of missing.entries())
      standby.wraps.set(target.fingerprint, new BatchWrap(target.encKey, batch, index));
    await batch.done;
    let failed = 0;
    for (const [index, target] of missing.entries()) {
      if (batch.made(index)) continue;
      failed++;
      const wrap = standby.wraps.get(target.fingerprint);
      if (wrap instanceof BatchWrap && wrap.batch === batch)
        standby.wraps.delete(target.fingerprint); // tried again next time
    }
    if (this.#standby !== standby) return; // a rotation took it meanwhile
    this.#options.log.info("next key ready", {
      epoch,
      wrapped: missing.length - failed,
      failed: failed || undefined,
      members: standby.wraps.size,
      ms: (performance.now() - started).toFixed(1),
    });
  }
}
