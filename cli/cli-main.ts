/** The `grypt` command line: parse, dispatch, and turn every failure into a message and an exit code. */

import { toWireError } from "../shared/errors.ts";
import { GRYPT_VERSION } from "../shared/version.ts";
import { runAgent } from "./agent/run-agent.ts";
import { type CliArgs, parseCliArgs } from "./args.ts";
import { runAgentStop, runLock, runUnlock } from "./commands/agent-control.ts";
import { runDecrypt } from "./commands/decrypt.ts";
import { runEncrypt } from "./commands/encrypt.ts";
import { runFingerprint } from "./commands/fingerprint.ts";
import { runInit } from "./commands/init.ts";
import { runJoin } from "./commands/join.ts";
import { runStatus } from "./commands/status.ts";
import type { CliContext, CliIo } from "./context.ts";
import { EXIT, type ExitCode, exitCodeFor } from "./exit-codes.ts";
import { MEMBER_HELP } from "./help.ts";
import { memberFilePath } from "./paths.ts";

function dispatch(command: CliArgs["command"], ctx: CliContext): Promise<ExitCode> | ExitCode {
  switch (command) {
    case "help":
      ctx.io.stdout(MEMBER_HELP);
      return EXIT.OK;
    case "version":
      ctx.io.stdout(`grypt ${GRYPT_VERSION}\n`);
      return EXIT.OK;
    case "init":
      return runInit(ctx);
    case "join":
      return runJoin(ctx);
    case "status":
      return runStatus(ctx);
    case "encrypt":
      return runEncrypt(ctx);
    case "decrypt":
      return runDecrypt(ctx);
    case "fingerprint":
      return runFingerprint(ctx);
    case "agent":
      return ctx.args.stop ? runAgentStop(ctx) : runAgent(ctx);
    case "lock":
      return runLock(ctx);
    case "unlock":
      return runUnlock(ctx);
    default: {
      const never: never = command;
      return never;
    }
  }
}

export async function runMemberCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  signal: AbortSignal,
): Promise<ExitCode> {
  try {
    const args = parseCliArgs(argv);
    const ctx: CliContext = {
      args,
      env,
      io,
      dataPath: memberFilePath(args.data, env),
      password: {
        passwordFile: args.passwordFile,
        env,
        warn: (line) => io.stderr(`grypt: warning: ${line}\n`),
      },
      signal,
    };
    return await dispatch(args.command, ctx);
  } catch (error) {
    io.stderr(`grypt: ${toWireError(error).message}\n`);
    return exitCodeFor(error);
  }
}
