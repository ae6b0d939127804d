/**
 * The agent's directory and socket must be this user's alone: the directory owned by this user
 * with no group or other permission (0700), the socket owned by this user, mode 0600. The agent
 * checks before it listens; a client checks before it connects, so it never sends plaintext to
 * a socket someone else could have put there.
 */
import type { Stats } from "node:fs";
import { lstat, mkdir } from "node:fs/promises";
import { GryptError } from "../../shared/errors.ts";

function octal(mode: number): string {
  return (mode & 0o777).toString(8).padStart(4, "0");
}

function ownedByMe(info: Stats): boolean {
  const uid = process.getuid?.();
  return uid === undefined || info.uid === uid;
}

/** Why `info` (the agent's directory) is not private; undefined when it is. */
function dirProblem(path: string, info: Stats): string | undefined {
  if (!info.isDirectory()) return `${path} is not a directory`;
  if (!ownedByMe(info)) return `${path} belongs to uid ${info.uid}, not to you`;
  if ((info.mode & 0o077) !== 0)
    return `${path} has mode ${octal(info.mode)}: other users could reach the agent (must be 0700)`;
  return undefined;
}

/** Create the agent's directory (0700) or check an existing one; LOCKED when it is not private. */
export async function ensurePrivateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    throw new GryptError("STORAGE_FAILED", `cannot create ${path} (${error.code ?? "error"})`);
  });
  const problem = dirProblem(path, await lstat(path));
  if (problem) throw new GryptError("LOCKED", `refusing to run the agent: ${problem}`);
}

/**
 * What a client finds at the socket path: nothing, something it must not trust (with the reason),
 * or a socket it may connect to.
 */
export type SocketCheck =
  | { type: "absent" }
  | { type: "untrusted"; reason: string }
  | { type: "ours" };

export async function checkAgentSocket(dir: string, path: string): Promise<SocketCheck> {
  let info: Stats;
  let dirInfo: Stats;
  try {
    dirInfo = await lstat(dir);
    info = await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { type: "absent" };
    return { type: "untrusted", reason: `cannot inspect ${path} (${code ?? "error"})` };
  }
  const problem = dirProblem(dir, dirInfo);
  if (problem) return { type: "untrusted", reason: problem };
  if (!info.isSocket()) return { type: "untrusted", reason: `${path} is not a socket` };
  if (!ownedByMe(info))
    return { type: "untrusted", reason: `${path} belongs to uid ${info.uid}, not to you` };
  if ((info.mode & 0o077) !== 0)
    return { type: "untrusted", reason: `${path} has mode ${octal(info.mode)} (must be 0600)` };
  return { type: "ours" };
}
