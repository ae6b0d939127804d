/**
 * Listening on a Unix socket only its owner can open: the socket is made under umask 0177 (so it
 * is never reachable by others, not even between listen and chmod), then set to 0600. Used by the
 * server's admin socket and the member's agent socket.
 */
import { chmod } from "node:fs/promises";
import type { Server } from "node:net";
import { type ErrorCode, GryptError } from "../shared/errors.ts";

/** Listens on `path`; a failure is `failCode` naming `what` and the system's reason. */
export async function listenPrivately(
  server: Server,
  path: string,
  what: string,
  failCode: ErrorCode,
): Promise<void> {
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(path, () => resolve());
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new GryptError(failCode, `cannot create ${what} ${path} (${code})`);
  } finally {
    process.umask(previous);
  }
  await chmod(path, 0o600);
}
