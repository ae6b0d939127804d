/**
 * A backup of a running group: one complete group file, sealed with the same password, written
 * whole or not at all and never over an existing file. It holds every change saved so far, so
 * unlike copying the group file and its journal by hand it cannot catch them mid-fold. To
 * restore, stop the server and put the backup in the group file's place: the old journal names
 * another file and is ignored.
 */
import { resolve } from "node:path";
import { writeNewFileAtomic } from "../../node-only/atomic-write.ts";
import { GryptError } from "../../shared/errors.ts";
import { journalPathFor } from "./group-file.ts";

export async function writeGroupBackup(
  path: string,
  text: string,
  groupFile: string,
): Promise<void> {
  const target = resolve(path);
  if (target === resolve(groupFile) || target === resolve(journalPathFor(groupFile))) {
    throw new GryptError(
      "CONFLICT",
      "a backup cannot replace the group file or its journal: name another file",
    );
  }
  try {
    await writeNewFileAtomic(target, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      throw new GryptError("CONFLICT", `${target} already exists: name a new file`);
    if (code === "ENOENT")
      throw new GryptError("NOT_FOUND", `the directory of ${target} does not exist`);
    if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
      throw new GryptError("INVALID_ARGUMENT", `the server may not write ${target} (${code})`);
    }
    throw new GryptError("INTERNAL", `could not write the backup ${target} (${code ?? "error"})`);
  }
}
