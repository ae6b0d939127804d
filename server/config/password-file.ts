/**
 * A password given as a file (--password-file): its first line. The file must be a readable,
 * non-empty regular file; one that any user can read is used with a warning, since the
 * password in it opens every key it protects (a group-readable file is taken as deliberate).
 */
import { readFile, stat } from "node:fs/promises";
import { GryptError } from "../../shared/errors.ts";

/** The first line of `path`; `warn` hears about a file any user can read. */
export async function readPasswordFile(path: string, warn: (line: string) => void): Promise<string> {
  let text: string;
  let mode: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new GryptError("INVALID_ARGUMENT", `the password file ${path} is not a regular file`);
    mode = info.mode;
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof GryptError) throw error;
    throw new GryptError("NOT_FOUND", `cannot read the password file ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const line = text.split(/\r?\n/, 1)[0] ?? "";
  if (line === "") throw new GryptError("INVALID_ARGUMENT", `the password file ${path} is empty`);
  if ((mode & 0o004) !== 0) {
    warn(`the password file ${path} can be read by any user (mode ${(mode & 0o777).toString(8)}); "chmod 600 ${path}" keeps it yours`);
  }
  return line;
}
