/**
 * Before connecting to the admin socket: it must be a socket owned by this user with no
 * group/other permission bits (a socket someone else controls could answer as the server).
 * Connect failures as named errors.
 */
import { lstat } from "node:fs/promises";
import { GryptError } from "../../shared/errors.ts";

export async function checkAdminSocket(path: string): Promise<void> {
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new GryptError("UNREACHABLE", `no grypt server is running: ${path} does not exist`);
    if (code === "EACCES")
      throw new GryptError(
        "LOCKED",
        `permission denied on the admin socket ${path}: it belongs to another user`,
      );
    throw new GryptError("LOCKED", `cannot inspect the admin socket ${path} (${code ?? "error"})`);
  }
  if (!info.isSocket())
    throw new GryptError("LOCKED", `${path} is not a socket; refusing to use it`);
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    throw new GryptError(
      "LOCKED",
      `the admin socket ${path} belongs to uid ${info.uid}, not to you (uid ${uid}); refusing`,
    );
  }
  if ((info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, "0");
    throw new GryptError(
      "LOCKED",
      `the admin socket ${path} has mode ${mode}, others could use it; refusing (must be 0600)`,
    );
  }
}

export function connectError(path: string, code: string | undefined): GryptError {
  if (code === "EACCES" || code === "EPERM") {
    return new GryptError(
      "LOCKED",
      `permission denied on the admin socket ${path}: it belongs to another user`,
    );
  }
  if (code === "ECONNREFUSED" || code === "ENOENT") {
    return new GryptError("UNREACHABLE", `no grypt server is running behind ${path}`);
  }
  return new GryptError(
    "UNREACHABLE",
    `cannot reach the admin socket ${path} (${code ?? "error"})`,
  );
}
