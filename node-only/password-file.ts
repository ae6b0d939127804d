/**
 * A password given as a file (--password-file): its first line. A regular file that any user can
 * read is used with a warning, since the password in it opens every key it protects (a
 * group-readable file is taken as deliberate); a pipe or a device is read as it is; a directory
 * or an empty first line is refused.
 */
import { readFile, stat } from "node:fs/promises";
import { GryptError } from "../shared/errors.ts";

/** The first line of `path`; `warn` hears about a file any user can read. */
export async function readPasswordFile(
  path: string,
  warn: (line: string) => void,
): Promise<string> {
  let text: string;
  let mode: number;
  try {
    const info = await stat(path);
    // A pipe or a device (--password-file <(pass show grypt)) is read as well; its mode says nothing.
    if (info.isDirectory())
      throw new GryptError("INVALID_ARGUMENT", `the password file ${path} is a directory`);
    mode = info.isFile() ? info.mode : 0;
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof GryptError) throw error;
    throw new GryptError(
      "NOT_FOUND",
      `cannot read the password file ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  const line = text.split(/\r?\n/, 1)[0] ?? "";
  if (line === "") throw new GryptError("INVALID_ARGUMENT", `the password file ${path} is empty`);
  if ((mode & 0o004) !== 0) {
    warn(
      `the password file ${path} can be read by any user (mode ${(mode & 0o777).toString(8)}); "chmod 600 ${path}" keeps it yours`,
    );
  }
  return line;
}
