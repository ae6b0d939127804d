/**
 * The member file's password: --password-file (first line), then GRYPT_PASSWORD, then the
 * terminal (/dev/tty, without echo, so stdin stays free for the text to encrypt or decrypt).
 */
import { openSync } from "node:fs";
import { ReadStream, WriteStream } from "node:tty";
import { GryptError } from "../../shared/errors.ts";
import { askNewPassword, type HiddenPrompt, openHiddenPrompt } from "../config/hidden-prompt.ts";
import { readPasswordFile } from "../config/password-file.ts";

export const MIN_NEW_PASSWORD = 8;

export interface PasswordSource {
  passwordFile: string | undefined;
  env: NodeJS.ProcessEnv;
  /** Warnings (a password file anyone can read). */
  warn: (line: string) => void;
}

/** The controlling terminal as a password prompt (closed with the prompt). */
function terminalPrompt(): HiddenPrompt {
  let input: ReadStream;
  let output: WriteStream;
  try {
    input = new ReadStream(openSync("/dev/tty", "r"));
    output = new WriteStream(openSync("/dev/tty", "w"));
  } catch {
    throw new GryptError("LOCKED", "no password: run on a terminal, or set GRYPT_PASSWORD, or pass --password-file FILE");
  }
  return openHiddenPrompt(input, output, () => {
    input.destroy();
    output.destroy();
  });
}

async function onTerminal<T>(ask: (prompt: HiddenPrompt) => Promise<T>): Promise<T> {
  const prompt = terminalPrompt();
  try {
    return await ask(prompt);
  } finally {
    prompt.close();
  }
}

function given(source: PasswordSource): Promise<string> | string | undefined {
  if (source.passwordFile) return readPasswordFile(source.passwordFile, source.warn);
  return source.env.GRYPT_PASSWORD || undefined;
}

/** The password of an existing member file. */
export async function existingPassword(source: PasswordSource): Promise<string> {
  return (await given(source)) ?? onTerminal((prompt) => prompt.ask("Password for your grypt keys: "));
}

/** A new password (init): at least MIN_NEW_PASSWORD characters; asked twice on the terminal. */
export async function newPassword(source: PasswordSource): Promise<string> {
  const supplied = await given(source);
  if (supplied !== undefined) {
    if (supplied.length < MIN_NEW_PASSWORD) {
      throw new GryptError("INVALID_ARGUMENT", `a new password must have at least ${MIN_NEW_PASSWORD} characters`);
    }
    return supplied;
  }
  return onTerminal((prompt) => askNewPassword(prompt, "New password for your grypt keys: ", MIN_NEW_PASSWORD));
}
