/** Before the agent listens: one agent per socket path, and a dead agent's socket file removed. */
import { lstat, unlink } from "node:fs/promises";
import { createConnection } from "node:net";
import { GryptError } from "../../shared/errors.ts";

/**
 * Refuse to start while another agent answers at `path`; remove a dead agent's socket (a stale
 * socket file). Anything that is not a socket is left alone and stops the start.
 */
export async function claimAgentSocket(path: string): Promise<void> {
  const found = await lstat(path).catch(() => undefined);
  if (!found) return;
  if (!found.isSocket())
    throw new GryptError("CONFLICT", `${path} exists and is not a socket; not starting`);
  const alive = await new Promise<boolean>((resolve) => {
    const probe = createConnection(path);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
  if (alive) throw new GryptError("CONFLICT", `a grypt agent is already running at ${path}`);
  await unlink(path).catch(() => undefined);
}
