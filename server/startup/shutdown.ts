/** SIGINT/SIGTERM: stop listening, say goodbye to sockets, let queued saves finish, exit 0. */
import type { Logger } from "../log.ts";

export function installShutdown(
  log: Logger,
  steps: Array<() => Promise<void> | void>,
): () => Promise<void> {
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down");
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        log.warn("shutdown step failed", { why: error instanceof Error ? error.message : "error" });
      }
    }
    log.info("stopped");
    process.exit(0);
  };
  const onSignal = () => {
    if (stopping) process.exit(1);
    void shutdown();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return shutdown;
}
