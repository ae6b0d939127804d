/** What every command gets: parsed arguments, I/O, the member file's path and password source. */
import { utf8Decode } from "../shared/bytes.ts";
import { GryptError } from "../shared/errors.ts";
import type { CliArgs } from "./args.ts";
import { type MemberFile, memberFileExists, openMemberFile } from "./member-file.ts";
import { existingPassword, type PasswordSource } from "./password.ts";

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface CliIo {
  /** Text is written as UTF-8; bytes as they are. */
  stdout(out: string | Uint8Array): void;
  stderr(text: string): void;
  /** All of stdin as UTF-8 text (at most `maxBytes`); INVALID_ENCODING if it is not. */
  readStdin(maxBytes: number): Promise<string>;
  /** All of stdin as bytes (at most `maxBytes`). */
  readStdinBytes(maxBytes: number): Promise<Uint8Array>;
  /** Whether stdout is a terminal, which acts on control characters in what it is sent. */
  stdoutIsTerminal: boolean;
}

export interface CliContext {
  args: CliArgs;
  env: NodeJS.ProcessEnv;
  io: CliIo;
  dataPath: string;
  password: PasswordSource;
  /** Aborted on Ctrl-C, for commands that wait. */
  signal: AbortSignal;
}

/** `bytes` as text when they are exactly UTF-8 (a byte order mark kept as text), else undefined. */
export function decodeUtf8Exactly(bytes: Uint8Array): string | undefined {
  try {
    return utf8Decode(bytes, { keepBom: true });
  } catch {
    return undefined;
  }
}

export function serverTimeout(ctx: CliContext): number {
  return ctx.args.timeoutMs ?? DEFAULT_TIMEOUT_MS;
}

/** Open the member file, asking for the password only if the file exists. */
export async function unlock(ctx: CliContext): Promise<MemberFile> {
  if (!(await memberFileExists(ctx.dataPath))) {
    throw new GryptError(
      "NOT_FOUND",
      `no member file at ${ctx.dataPath}: create your keys with \`grypt init\``,
    );
  }
  return openMemberFile(ctx.dataPath, await existingPassword(ctx.password));
}
