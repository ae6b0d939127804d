/**
 * The sends of one fan-out, in slices: SEND_SLICE rekeys, then a turn of the event loop (the
 * wrap pool's replies, other members' messages, the admin's requests) before the next slice. A
 * fan-out to thousands of members never holds the server for the whole burst, and the pool's
 * workers get their next chunks while it sends. Nothing is sent before `open`: the new epoch is
 * on disk and announced by then.
 */
import type { MemberLink } from "./links.ts";

/** Each member's connections at the save, by fingerprint (all the sender uses of them). */
export type SendLinks = ReadonlyMap<string, ReadonlyArray<Pick<MemberLink, "isOpen" | "sendText">>>;

/** Rekeys sent between two turns of the event loop. */
export const SEND_SLICE = 64;

export class RekeySender {
  #notified = 0;
  #prefix: string | undefined;
  #links: SendLinks = new Map();
  /** fingerprint, then its wrap (base64url), in the order they became ready. */
  readonly #queue: string[] = [];
  #at = 0;
  #draining = false;
  #idle: Array<() => void> = [];

  /** Connections a rekey went out on so far. */
  get notified(): number {
    return this.#notified;
  }

  /** Start sending: the signed rekey head (fanout.ts rekeyHead), and each member's connections at the save. */
  open(prefix: string, links: SendLinks): void {
    this.#prefix = prefix;
    this.#links = links;
    this.#drain();
  }

  /**
   * Send `wrapped` to the connections of `fingerprint`: queued, and sent in a microtask once
   * opened (rekeys pushed in one go are sent in slices).
   */
  push(fingerprint: string, wrapped: string): void {
    this.#queue.push(fingerprint, wrapped);
    if (this.#draining || this.#prefix === undefined) return;
    this.#draining = true;
    queueMicrotask(() => this.#drain());
  }

  /** Resolves once everything pushed so far is sent (at once if not opened: it never will be). */
  idle(): Promise<void> {
    if (!this.#draining) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #drain(): void {
    if (this.#prefix === undefined) return;
    this.#draining = true;
    const end = Math.min(this.#queue.length, this.#at + 2 * SEND_SLICE);
    for (; this.#at < end; this.#at += 2)
      this.#send(this.#queue[this.#at]!, this.#queue[this.#at + 1]!);
    if (this.#at < this.#queue.length) {
      setImmediate(() => this.#drain());
      return;
    }
    this.#queue.length = 0;
    this.#at = 0;
    this.#draining = false;
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** Runs outside any promise (from setImmediate): a connection that throws must not stop the rest. */
  #send(fingerprint: string, wrapped: string): void {
    const text = `${this.#prefix}${wrapped}"}`;
    for (const link of this.#links.get(fingerprint) ?? []) {
      if (!link.isOpen()) continue;
      try {
        link.sendText(text);
        this.#notified++;
      } catch {
        // That connection is broken; its close handler cleans it up.
      }
    }
  }
}
