/** Run `fn` (sync or async) repeatedly for at least `minMs` after a warm-up and report operations per second. */
import type { BenchRow } from "./bench-row.ts";

export interface MeasureOptions {
  /** Minimum measured time in milliseconds (default 500). */
  minMs?: number;
  /** Calls before timing starts, so the JIT and caches settle (default 5). */
  warmup?: number;
  note?: string;
}

export async function measure(
  name: string,
  fn: () => unknown,
  opts: MeasureOptions = {},
): Promise<BenchRow> {
  const minMs = opts.minMs ?? 500;
  const call = async () => {
    const result = fn();
    if (result instanceof Promise) await result;
  };
  for (let i = 0; i < (opts.warmup ?? 5); i++) await call();
  let ops = 0;
  let batch = 1;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < batch; i++) await call();
    ops += batch;
    elapsed = performance.now() - start;
    // Grow batches while they are short, so timer reads do not dominate fast operations.
    if (elapsed < minMs / 20) batch *= 2;
  }
  const row: BenchRow = { name, opsPerSec: ops / (elapsed / 1000) };
  if (opts.note !== undefined) row.note = opts.note;
  return row;
}
