/**
 * A file the server or the CLI could not write, for a reason of the file system (a full disk, a
 * read-only mount, permissions, a size limit): named by path and cause as STORAGE_FAILED, never
 * "internal error". Only local people see it (the admin, the CLI's user); members over the
 * network get a generic answer.
 */
import { GryptError } from "../shared/errors.ts";

/** `error` as STORAGE_FAILED: "cannot <what> <path> (<cause>); <outcome>". A GryptError passes unchanged. */
export function storageError(
  what: string,
  path: string,
  error: unknown,
  outcome: string,
): GryptError {
  if (error instanceof GryptError) return error;
  const errno = error as NodeJS.ErrnoException;
  const cause = errno.code ?? (error instanceof Error ? error.message : "error");
  return new GryptError("STORAGE_FAILED", `cannot ${what} ${path} (${cause}); ${outcome}`);
}
