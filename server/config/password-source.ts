/**
 * Where the group password comes from: --password-file, then GRYPT_PASSWORD, then the terminal
 * (asked twice when the group is created). Without any of them the server stops with a clear
 * message instead of waiting on a prompt nobody sees.
 */
import { readFile } from "node:fs/promises";
import { GryptError } from "../../shared/errors.ts";
import { promptHidden } from "./password-prompt.ts";

export const MIN_NEW_PASSWORD = 8;

export interface PasswordOptions {
  passwordFile: string | undefined;
  env: NodeJS.ProcessEnv;
  /** True when the group file does not exist yet. */
  creating: boolean;
  interactive: boolean;
}

async function fromFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new GryptError("NOT_FOUND", `cannot read the password file ${path} (${code})`);
  }
  const line = text.split(/\r?\n/, 1)[0] ?? "";
  if (line === "") throw new GryptError("INVALID_ARGUMENT", `the password file ${path} is empty`);
  return line;
}

function checkNew(password: string): string {
  if (password.length < MIN_NEW_PASSWORD) {
    throw new GryptError("INVALID_ARGUMENT", `a new group password must have at least ${MIN_NEW_PASSWORD} characters`);
  }
  return password;
}

export async function obtainPassword(options: PasswordOptions): Promise<string> {
  const given = options.passwordFile
    ? await fromFile(options.passwordFile)
    : options.env.GRYPT_PASSWORD || undefined;
  if (given !== undefined) return options.creating ? checkNew(given) : given;
  if (!options.interactive) {
    throw new GryptError(
      "LOCKED",
      "no password: run on a terminal, or set GRYPT_PASSWORD, or pass --password-file FILE",
    );
  }
  if (!options.creating) return promptHidden("Group password: ");
  for (let attempt = 0; attempt < 3; attempt++) {
    const first = await promptHidden("New group password: ");
    if (first.length < MIN_NEW_PASSWORD) {
      process.stderr.write(`The password must have at least ${MIN_NEW_PASSWORD} characters.\n`);
      continue;
    }
    const second = await promptHidden("Repeat the password: ");
    if (first === second) return first;
    process.stderr.write("The passwords differ; try again.\n");
  }
  throw new GryptError("INVALID_ARGUMENT", "no new password was set");
}
