/**
 * Where the group password comes from: --password-file, then GRYPT_PASSWORD, then the terminal
 * (asked twice when the group is created). Without any of them the server stops with a clear
 * message instead of waiting on a prompt nobody sees.
 */
import {
  checkNewPassword,
  givenPassword,
  MIN_NEW_PASSWORD,
  noPassword,
  type PasswordSource,
} from "../../node-only/given-password.ts";
import {
  askNewPassword,
  askThenClose,
  type HiddenPrompt,
  openHiddenPrompt,
} from "../../node-only/hidden-prompt.ts";

export interface PasswordOptions extends PasswordSource {
  /** True when the group file does not exist yet. */
  creating: boolean;
  /** The terminal to ask on (the server's own stdin), when it has one. */
  terminal: (() => HiddenPrompt) | undefined;
}

/** The server's stdin and stderr as a password prompt. */
export function stdinPrompt(): HiddenPrompt {
  return openHiddenPrompt(process.stdin, process.stderr);
}

export async function obtainPassword(options: PasswordOptions): Promise<string> {
  const given = await givenPassword(options);
  if (given !== undefined)
    return options.creating ? checkNewPassword(given, "group password") : given;
  if (!options.terminal) throw noPassword();
  return askThenClose(options.terminal(), (prompt) =>
    options.creating
      ? askNewPassword(prompt, "New group password: ", MIN_NEW_PASSWORD)
      : prompt.ask("Group password: "),
  );
}
