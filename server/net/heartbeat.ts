/**
 * One timer for all sockets: every interval, terminate those that did not answer the last
 * WebSocket ping (nor sent anything since), and ping the rest.
 */
import type { Connection } from "./connection.ts";

export function startHeartbeat(
  connections: () => Iterable<Connection>,
  intervalMs: number,
): () => void {
  const timer = setInterval(() => {
    for (const connection of connections()) {
      if (!connection.alive) {
        connection.ws.terminate();
        continue;
      }
      connection.alive = false;
      try {
        connection.ws.ping();
      } catch {
        connection.ws.terminate();
      }
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
