/**
 * The peer's user id, checked without SO_PEERCRED (Node has no API for it, and a native addon
 * is a build dependency this project does not take): on each connection the agent sends a
 * random nonce; the client creates an empty file named after it in the agent's directory and
 * says so; the agent lstat()s that file and serves the connection only if the kernel recorded
 * this user's uid as its owner (a process can only create files owned by its own uid), it is a
 * plain file with one link (not a hard link to some other file of ours) and empty. The file is
 * removed at once. The directory's 0700 is the first barrier; this check refuses a peer of
 * another uid even if the directory's mode is loosened later.
 */
import { randomBytes } from "node:crypto";
import { lstat, open, unlink } from "node:fs/promises";
import { join } from "node:path";
import { GryptError } from "../../shared/errors.ts";

export function newNonce(): string {
  return randomBytes(16).toString("base64url");
}

function proofPath(dir: string, nonce: string): string {
  return join(dir, `.peer-${nonce}`);
}

/** The client's side: create the proof file (its owner is this process's uid). */
export async function writeProof(dir: string, nonce: string): Promise<void> {
  try {
    const handle = await open(proofPath(dir, nonce), "wx", 0o600);
    await handle.close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new GryptError("LOCKED", `cannot prove your user id to the agent in ${dir} (${code})`);
  }
}

/** The agent's side: true when the proof file was made by this user; it is removed either way. */
export async function checkProof(dir: string, nonce: string): Promise<boolean> {
  const path = proofPath(dir, nonce);
  try {
    const info = await lstat(path);
    const uid = process.getuid?.();
    return (
      info.isFile() &&
      info.nlink === 1 &&
      info.size === 0 &&
      (uid === undefined || info.uid === uid)
    );
  } catch {
    return false;
  } finally {
    await unlink(path).catch(() => undefined);
  }
}

/** A connection that ended before its proof arrived: remove a proof file it may have left. */
export async function discardProof(dir: string, nonce: string): Promise<void> {
  await unlink(proofPath(dir, nonce)).catch(() => undefined);
}
