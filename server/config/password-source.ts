/**
 * Where the group password comes from: --password-file, then GRYPT_PASSWORD, then the terminal
 * (asked twice when the group is created). Without any of them the server stops with a clear
 * message instead of waiting on a prompt nobody sees.
 */
import { GryptError } from "../../shared/errors.ts";
import { askNewPassword, type HiddenPrompt, openHiddenPrompt } from "./hidden-prompt.ts";
import { readPasswordFile } from "./password-file.ts";

export const MIN_NEW_PASSWORD = 8;

export interface PasswordOptions {
  passwordFile: string | undefined;
  env: NodeJS.ProcessEnv;
  /** True when the group file does not exist yet. */
  creating: boolean;
  /** The terminal to ask on (the server's own stdin), when it has one. */
  terminal: (() => HiddenPrompt) | undefined;
  /** Warnings (a password file anyone can read). */
  warn: (line: string) => void;
}

function checkNew(password: string): string {
  if (password.length < MIN_NEW_PASSWORD) {
    throw new GryptError("INVALID_ARGUMENT", `a new group password must have at least ${MIN_NEW_PASSWORD} characters`);
  }
  return password;
}

/** The server's stdin and stderr as a password prompt. */
export function stdinPrompt(): HiddenPrompt {
  return openHiddenPrompt(process.stdin, process.stderr);
}

export async function obtainPassword(options: PasswordOptions): Promise<string> {
  const given = options.passwordFile
    ? await readPasswordFile(options.passwordFile, options.warn)
    : options.env.GRYPT_PASSWORD || undefined;
  if (given !== undefined) return options.creating ? checkNew(given) : given;
  if (!options.terminal) {
    throw new GryptError(
      "LOCKED",
      "no password: run on a terminal, or set GRYPT_PASSWORD, or pass --password-file FILE",
    );
  }
  const prompt = options.terminal();
  try {
    if (!options.creating) return await prompt.ask("Group password: ");
    return await askNewPassword(prompt, "New group password: ", MIN_NEW_PASSWORD);
  } finally {
    prompt.close();
  }
}
