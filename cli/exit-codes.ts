/** The command line's exit codes (listed in --help) and how errors map onto them. */
import { GryptError } from "../shared/errors.ts";

export const EXIT = {
  OK: 0,
  /** Anything not covered below. */
  ERROR: 1,
  /** Bad command line, invite, URL or group name. */
  USAGE: 2,
  /** The member file: missing, wrong password, damaged, cannot be written, or no password given. */
  DATA: 3,
  /** The group server could not be reached or did not answer in time. */
  UNREACHABLE: 4,
  /** Not a member: still pending, denied, removed, or the server's key is not the pinned one. */
  NOT_MEMBER: 5,
  /** decrypt: some tokens could not be read (the text was still written, those tokens unchanged). */
  UNREADABLE: 6,
  /** Interrupted (Ctrl-C). */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export function exitCodeFor(error: unknown): ExitCode {
  if (!(error instanceof GryptError)) return EXIT.ERROR;
  switch (error.code) {
    case "INVALID_ARGUMENT":
    case "UNKNOWN_GROUP":
      return EXIT.USAGE;
    case "VAULT_WRONG_PASSWORD":
    case "VAULT_CORRUPT":
    case "LOCKED":
    case "NOT_FOUND":
    case "INVALID_KEY":
    case "STORAGE_FAILED":
      return EXIT.DATA;
    case "UNREACHABLE":
    case "TIMEOUT":
    case "CONNECTION_CLOSED":
      return EXIT.UNREACHABLE;
    case "NOT_MEMBER":
    case "DENIED":
    case "REMOVED":
    case "SERVER_KEY_MISMATCH":
    case "UNKNOWN_EPOCH":
      return EXIT.NOT_MEMBER;
    case "CANCELLED":
      return EXIT.INTERRUPTED;
    default:
      return EXIT.ERROR;
  }
}
