/** The `grypt` command line: parse, dispatch, and turn every failure into a message and an exit code. */

import { toWireError } from "../shared/errors.ts";
import { inertLine } from "../shared/inert-text.ts";
import { GRYPT_VERSION } from "../shared/version.ts";
import { type CliArgs, parseCliArgs } from "./args.ts";
import type { CliContext, CliIo } from "./context.ts";
import { EXIT, type ExitCode, exitCodeFor } from "./exit-codes.ts";
import { MEMBER_HELP } from "./help.ts";
import { memberFilePath } from "./paths.ts";

/**
 * Each command's code is loaded when it runs: `grypt encrypt` through the agent never loads the
 * WebSocket client, the key generation or the agent itself (a fifth of its start-up).
 */
async function dispatch(command: CliArgs["command"], ctx: CliContext): Promise<ExitCode> {
  switch (command) {
    case "help":
      ctx.io.stdout(MEMBER_HELP);
      return EXIT.OK;
    case "version":
      ctx.io.stdout(`grypt ${GRYPT_VERSION}\n`);
      return EXIT.OK;
    case "init":
      return (await import("./commands/init.ts")).runInit(ctx);
    case "join":
      return (await import("./commands/join.ts")).runJoin(ctx);
    case "status":
      return (await import("./commands/status.ts")).runStatus(ctx);
    case "encrypt":
      return (await import("./commands/encrypt.ts")).runEncrypt(ctx);
    case "decrypt":
      return (await import("./commands/decrypt.ts")).runDecrypt(ctx);
    case "fingerprint":
      return (await import("./commands/fingerprint.ts")).runFingerprint(ctx);
    case "agent":
      if (ctx.args.stop) return (await import("./commands/agent-control.ts")).runAgentStop(ctx);
      if (ctx.args.detach) return (await import("./agent/detach-agent.ts")).detachAgent(ctx);
      return (await import("./agent/run-agent.ts")).runAgent(ctx);
    case "lock":
      return (await import("./commands/agent-control.ts")).runLock(ctx);
    case "unlock":
      return (await import("./commands/agent-control.ts")).runUnlock(ctx);
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
        warn: (line) => io.stderr(`grypt: warning: ${inertLine(line)}\n`),
      },
      signal,
    };
    return await dispatch(args.command, ctx);
  } catch (error) {
    // Messages may quote a server (an impostor's error frame, say): inert on the terminal.
    io.stderr(`grypt: ${inertLine(toWireError(error).message)}\n`);
    return exitCodeFor(error);
  }
}
