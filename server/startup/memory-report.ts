/**
 * Diagnostics: on SIGUSR2 the server logs its memory use (the benchmark reads it). With node's
 * --expose-gc it collects garbage first, then waits for V8 to hand back the pages that freed
 * (a background thread unmaps them) and collects again, so RSS is the steady state, not the
 * moment after a collection.
 */
import type { Logger } from "../log.ts";

const GC_SETTLE_MS = 300;

export function reportMemoryOnSignal(log: Logger, connections: () => number): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  const report = () => {
    gc?.();
    const m = process.memoryUsage();
    const kb = (n: number) => Math.round(n / 1024);
    log.warn("memory", {
      rssKb: kb(m.rss),
      heapKb: kb(m.heapUsed),
      externalKb: kb(m.external),
      connections: connections(),
    });
  };
  process.on("SIGUSR2", () => {
    gc?.();
    setTimeout(report, gc ? GC_SETTLE_MS : 0);
  });
}
