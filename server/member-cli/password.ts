/**
 * The member file's password: --password-file (first line), then GRYPT_PASSWORD, then the
 * terminal (/dev/tty, without echo, so stdin stays free for the text to encrypt or decrypt).
 */
import { openSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { ReadStream, WriteStream } from "node:tty";
import { GryptError } from "../../shared/errors.ts";

export const MIN_NEW_PASSWORD = 8;

export interface PasswordSource {
  passwordFile: string | undefined;
  env: NodeJS.ProcessEnv;
}

async function fromFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new GryptError("NOT_FOUND", `cannot read the password file ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const line = text.split(/\r?\n/, 1)[0] ?? "";
  if (line === "") throw new GryptError("INVALID_ARGUMENT", `the password file ${path} is empty`);
  return line;
}

function openTerminal(): { input: ReadStream; output: WriteStream } {
  try {
    return { input: new ReadStream(openSync("/dev/tty", "r")), output: new WriteStream(openSync("/dev/tty", "w")) };
  } catch {
    throw new GryptError("LOCKED", "no password: run on a terminal, or set GRYPT_PASSWORD, or pass --password-file FILE");
  }
}

/** Ask on the terminal without echo; Ctrl-C or Ctrl-D cancels. */
export function promptHidden(question: string): Promise<string> {
  const { input, output } = openTerminal();
  return new Promise((resolvePassword, reject) => {
    let typed = "";
    output.write(question);
    input.setRawMode(true);
    input.setEncoding("utf8");
    const finish = (error?: GryptError) => {
      input.off("data", onData);
      input.setRawMode(false);
      output.write("\n");
      input.destroy();
      output.destroy();
      if (error) reject(error);
      else resolvePassword(typed);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") return finish();
        if (char === "\u0003" || char === "\u0004") return finish(new GryptError("INVALID_ARGUMENT", "password entry cancelled"));
        if (char === "\u007f" || char === "\b") typed = typed.slice(0, -1);
        else if (char >= " ") typed += char;
      }
    };
    input.on("data", onData);
  });
}

function given(source: PasswordSource): Promise<string> | string | undefined {
  if (source.passwordFile) return fromFile(source.passwordFile);
  return source.env.GRYPT_PASSWORD || undefined;
}

/** The password of an existing member file. */
export async function existingPassword(source: PasswordSource): Promise<string> {
  return (await given(source)) ?? promptHidden("Password for your grypt keys: ");
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
  for (let attempt = 0; attempt < 3; attempt++) {
    const first = await promptHidden("New password for your grypt keys: ");
    if (first.length < MIN_NEW_PASSWORD) {
      process.stderr.write(`The password must have at least ${MIN_NEW_PASSWORD} characters.\n`);
      continue;
    }
    if ((await promptHidden("Repeat the password: ")) === first) return first;
    process.stderr.write("The passwords differ; try again.\n");
  }
  throw new GryptError("INVALID_ARGUMENT", "no new password was set");
}
