/** Lock after a time without requests (`grypt agent --lock-after <minutes>`). */
export class IdleLock {
  readonly #ms: number | undefined;
  readonly #lock: () => void;
  #timer: NodeJS.Timeout | undefined;

  constructor(ms: number | undefined, lock: () => void) {
    this.#ms = ms;
    this.#lock = lock;
  }

  /** Start the clock again (a request, an unlock). */
  touch(): void {
    clearTimeout(this.#timer);
    if (this.#ms === undefined) return;
    this.#timer = setTimeout(this.#lock, this.#ms);
    this.#timer.unref();
  }

  cancel(): void {
    clearTimeout(this.#timer);
  }
}
