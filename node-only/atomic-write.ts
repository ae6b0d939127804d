/**
 * Replace a file so that a crash at any moment leaves either the old or the new content:
 * write a temporary file in the same directory (mode 0600), fsync it, rename it over the
 * target, fsync the directory so the rename itself is durable. A missing directory is created
 * (mode 0700). Used for the server's group file and the member CLI's file alike.
 */
import { randomBytes } from "node:crypto";
import { link, mkdir, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export const TEMP_MARK = ".tmp-";

export function tempPathFor(path: string): string {
  return join(
    dirname(path),
    `.${basename(path)}${TEMP_MARK}${process.pid}-${randomBytes(6).toString("hex")}`,
  );
}

export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  mode = 0o600,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeThenPlace(path, data, mode, (temp) => rename(temp, path));
}

/**
 * Like writeFileAtomic, but never replaces anything: the file appears whole at `path` or not at
 * all, and an existing `path` fails with EEXIST. The directory must exist.
 */
export async function writeNewFileAtomic(
  path: string,
  data: string | Uint8Array,
  mode = 0o600,
): Promise<void> {
  await writeThenPlace(path, data, mode, async (temp) => {
    await link(temp, path);
    await unlink(temp);
  });
}

async function writeThenPlace(
  path: string,
  data: string | Uint8Array,
  mode: number,
  place: (temp: string) => Promise<void>,
): Promise<void> {
  const temp = tempPathFor(path);
  const handle = await open(temp, "wx", mode);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await place(temp);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await fsyncDirectory(dirname(path));
}
