/** Exponential reconnect backoff with jitter: initialMs · 2^n, capped at maxMs, minus a random share. */
import { check } from "../errors.ts";

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** Share of the delay (0..1) taken off at random, so many clients do not reconnect in step. */
  jitter?: number;
}

export const DEFAULT_BACKOFF = { initialMs: 1000, maxMs: 60_000, jitter: 0.5 } as const;

export class Backoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #jitter: number;
  readonly #random: () => number;
  #failures = 0;

  constructor(options: BackoffOptions = {}, random: () => number = Math.random) {
    this.#initialMs = options.initialMs ?? DEFAULT_BACKOFF.initialMs;
    this.#maxMs = options.maxMs ?? DEFAULT_BACKOFF.maxMs;
    this.#jitter = options.jitter ?? DEFAULT_BACKOFF.jitter;
    check(
      Number.isFinite(this.#initialMs) && this.#initialMs > 0,
      "backoff.initialMs must be a positive number",
    );
    check(
      Number.isFinite(this.#maxMs) && this.#maxMs >= this.#initialMs,
      "backoff.maxMs must be at least initialMs",
    );
    check(this.#jitter >= 0 && this.#jitter <= 1, "backoff.jitter must be between 0 and 1");
    this.#random = random;
  }

  /** Consecutive failures since the last reset. */
  get failures(): number {
    return this.#failures;
  }

  /** The delay before the next attempt; counts one more failure. */
  next(): number {
    const base = Math.min(this.#maxMs, this.#initialMs * 2 ** Math.min(this.#failures, 30));
    this.#failures++;
    return Math.max(1, Math.round(base * (1 - this.#jitter * this.#random())));
  }

  reset(): void {
    this.#failures = 0;
  }
}
