/**
 * One writer at a time: saves are queued and coalesced (only the newest value is written, and
 * every save waiting on it resolves once it is durable); a compaction runs after the saves
 * queued before it. A failed write rejects the saves it carried and the queue goes on.
 */
interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class SaveQueue<T> {
  readonly #write: (value: T) => Promise<void>;
  readonly #compact: () => Promise<void>;
  #next: { value: T } | undefined;
  #saves: Waiter[] = [];
  #compactions: Waiter[] = [];
  #running: Promise<void> | undefined;

  constructor(write: (value: T) => Promise<void>, compact: () => Promise<void>) {
    this.#write = write;
    this.#compact = compact;
  }

  save(value: T): Promise<void> {
    this.#next = { value };
    return this.#enqueue(this.#saves);
  }

  compact(): Promise<void> {
    return this.#enqueue(this.#compactions);
  }

  /** Wait until nothing is queued or being written. */
  async flush(): Promise<void> {
    while (this.#running) await this.#running;
  }

  #enqueue(list: Waiter[]): Promise<void> {
    const done = new Promise<void>((resolve, reject) => list.push({ resolve, reject }));
    this.#running ??= this.#drain();
    return done;
  }

  async #drain(): Promise<void> {
    for (;;) {
      const next = this.#next;
      if (next) {
        this.#next = undefined;
        await settle(this.#saves.splice(0), () => this.#write(next.value));
      } else if (this.#compactions.length > 0) {
        await settle(this.#compactions.splice(0), this.#compact);
      } else {
        break;
      }
    }
    this.#running = undefined;
  }
}

async function settle(waiters: Waiter[], run: () => Promise<void>): Promise<void> {
  try {
    await run();
    for (const w of waiters) w.resolve();
  } catch (error) {
    for (const w of waiters) w.reject(error);
  }
}
