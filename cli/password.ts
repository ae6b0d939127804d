/**
 * The member file's password: --password-file (first line), then GRYPT_PASSWORD, then the
 * terminal (/dev/tty, without echo, so stdin stays free for the text to encrypt or decrypt).
 */
import { openSync } from "node:fs";
import { ReadStream, WriteStream } from "node:tty";
import {
  checkNewPassword,
  givenPassword,
  MIN_NEW_PASSWORD,
  noPassword,
  type PasswordSource,
} from "../node-only/given-password.ts";
import {
  askNewPassword,
  askThenClose,
  type HiddenPrompt,
  openHiddenPrompt,
} from "../node-only/hidden-prompt.ts";

export type { PasswordSource } from "../node-only/given-password.ts";

/** The controlling terminal as a password prompt (closed with the prompt). */
function terminalPrompt(): HiddenPrompt {
  let input: ReadStream;
  let output: WriteStream;
  try {
    input = new ReadStream(openSync("/dev/tty", "r"));
    output = new WriteStream(openSync("/dev/tty", "w"));
  } catch {
    throw noPassword();
  }
  return openHiddenPrompt(input, output, () => {
    input.destroy();
    output.destroy();
  });
}

/** The password of an existing member file. */
export async function existingPassword(source: PasswordSource): Promise<string> {
  return (
    (await givenPassword(source)) ??
    askThenClose(terminalPrompt(), (prompt) => prompt.ask("Password for your grypt keys: "))
  );
}

/** A new password (init): at least MIN_NEW_PASSWORD characters; asked twice on the terminal. */
export async function newPassword(source: PasswordSource): Promise<string> {
  const supplied = await givenPassword(source);
  if (supplied !== undefined) return checkNewPassword(supplied, "password");
  return askThenClose(terminalPrompt(), (prompt) =>
    askNewPassword(prompt, "New password for your grypt keys: ", MIN_NEW_PASSWORD),
  );
}
