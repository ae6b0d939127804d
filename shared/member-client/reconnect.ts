/** When to connect again: the backoff's delay after each failure (backoff.ts), one timer at a time. */
import type { Backoff } from "./backoff.ts";
import type { Timers } from "./websocket-like.ts";

export class Reconnect {
  readonly #backoff: Backoff;
  readonly #timers: Timers;
  #timer: unknown;

  constructor(backoff: Backoff, timers: Timers) {
    this.#backoff = backoff;
    this.#timers = timers;
  }

  /** The attempt about to start: 1 after a connection got through (or a reset). */
  get attempt(): number {
    return this.#backoff.failures + 1;
  }

  /** A connection got through: the next failure waits the shortest delay again. */
  reset(): void {
    this.#backoff.reset();
  }

  /** Count a failure and call `run` after the backoff's delay, which is returned (ms). */
  after(run: () => void): number {
    this.cancel();
    const delayMs = this.#backoff.next();
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined;
      run();
    }, delayMs);
    return delayMs;
  }

  cancel(): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
