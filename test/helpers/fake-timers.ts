/** A manual clock for the member client's injectable timers: nothing fires until `advance`. */
import type { Timers } from "../../shared/member-client/websocket-like.ts";

interface Scheduled {
  id: number;
  at: number;
  callback: () => void;
}

export class FakeTimers implements Timers {
  now = 0;
  #next = 1;
  #scheduled = new Map<number, Scheduled>();

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#scheduled.set(id, { id, at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#scheduled.delete(handle as number);
  }

  /** Delays (from now) of every scheduled callback, ascending. */
  pending(): number[] {
    return [...this.#scheduled.values()].map((s) => s.at - this.now).sort((a, b) => a - b);
  }

  /** Move the clock forward, firing due callbacks in order (including ones they schedule). */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      let due: Scheduled | undefined;
      for (const s of this.#scheduled.values())
        if (s.at <= until && (!due || s.at < due.at)) due = s;
      if (!due) break;
      this.#scheduled.delete(due.id);
      this.now = due.at;
      due.callback();
    }
    this.now = until;
  }
}
