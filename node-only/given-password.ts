/**
 * A password given without a terminal, for grypt-server and grypt alike: --password-file (its
 * first line, password-file.ts), else GRYPT_PASSWORD. Also the rule for new passwords, and the
 * error when there is no password at all and no terminal to ask on.
 */
import { GryptError } from "../shared/errors.ts";
import { readPasswordFile } from "./password-file.ts";

export const MIN_NEW_PASSWORD = 8;

export interface PasswordSource {
  passwordFile: string | undefined;
  env: NodeJS.ProcessEnv;
  /** Warnings (a password file anyone can read). */
  warn: (line: string) => void;
}

/** The password from the file or the environment; undefined when neither gives one. */
export async function givenPassword(source: PasswordSource): Promise<string | undefined> {
  if (source.passwordFile) return readPasswordFile(source.passwordFile, source.warn);
  return source.env.GRYPT_PASSWORD || undefined;
}

/** `password`, if long enough for a new one ("a new <what> must have at least …" otherwise). */
export function checkNewPassword(password: string, what: string): string {
  if (password.length < MIN_NEW_PASSWORD) {
    throw new GryptError(
      "INVALID_ARGUMENT",
      `a new ${what} must have at least ${MIN_NEW_PASSWORD} characters`,
    );
  }
  return password;
}

export function noPassword(): GryptError {
  return new GryptError(
    "LOCKED",
    "no password: run on a terminal, or set GRYPT_PASSWORD, or pass --password-file FILE",
  );
}
