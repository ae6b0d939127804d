/**
 * Runs the feed's work in slices of a few milliseconds, so a page full of tokens (forged ones
 * included) never holds the main thread for long: each step gets a deadline and returns whether
 * it finished; an unfinished step runs again in the next slice, after the page had its turn.
 * Slices are scheduled as tasks of their own: scheduler.postTask where the browser has it, else
 * setTimeout (a MessageChannel would not do: Chromium delivers a port's messages to itself in
 * one task, which is one long task again).
 */

/** The longest a slice of grypt's work should run (the page's 50 ms long-task mark, well under). */
export const SLICE_BUDGET_MS = 8;

/** A piece of work: true when done, false to be called again in a later slice. */
export type SliceStep = (deadline: number) => boolean;

export class TimeSlicer {
  private readonly steps: SliceStep[] = [];
  private scheduled = false;
  private running = false;

  constructor(private readonly signal: AbortSignal) {}

  /** Queues a step for the next slice. */
  push(step: SliceStep): void {
    this.steps.push(step);
    this.schedule();
  }

  /** Runs a slice now (before the page paints), unless one is running already. */
  runNow(): void {
    this.runSlice();
  }

  get idle(): boolean {
    return this.steps.length === 0;
  }

  private runSlice(): void {
    if (this.signal.aborted || this.running) return;
    this.running = true;
    try {
      const deadline = performance.now() + SLICE_BUDGET_MS;
      while (this.steps.length > 0 && performance.now() < deadline) {
        const step = this.steps[0]!;
        if (step(deadline)) this.steps.shift();
      }
    } finally {
      this.running = false;
    }
    if (this.steps.length > 0) this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.signal.aborted) return;
    this.scheduled = true;
    const run = (): void => {
      this.scheduled = false;
      this.runSlice();
    };
    const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
    if (typeof scheduler?.postTask === "function")
      scheduler.postTask(run, { signal: this.signal }).catch(() => {});
    else setTimeout(run, 0);
  }
}

interface Scheduler {
  postTask(task: () => void, options: { signal: AbortSignal }): Promise<void>;
}
