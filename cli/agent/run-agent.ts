/**
 * `grypt agent`: ask the password once (unless --locked), hold the unlocked member file in
 * memory, keep its groups connected, and answer commands on the agent socket until stopped
 * (`grypt agent --stop`, SIGTERM, Ctrl-C). Runs in the foreground; a systemd user unit runs it
 * in the background (README). Logs go to stderr and never hold keys or plaintext.
 */
import { GryptError } from "../../shared/errors.ts";
import type { CliContext } from "../context.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";
import { memberFileExists } from "../member-file.ts";
import { existingPassword } from "../password.ts";
import { claimAgentSocket } from "./agent-claim.ts";
import { AgentCore } from "./agent-core.ts";
import { agentDirectory, agentSocketPath } from "./agent-paths.ts";
import { startAgentServer } from "./agent-server.ts";
import { ensurePrivateDir } from "./private-dir.ts";

/** Resolves on a stop request, SIGTERM, SIGHUP or Ctrl-C (the command's abort signal). */
function stopped(ctx: CliContext): { promise: Promise<string>; stop: (why: string) => void } {
  let stop: (why: string) => void = () => undefined;
  const promise = new Promise<string>((resolve) => {
    stop = resolve;
  });
  const onSignal = (name: NodeJS.Signals) => stop(name);
  process.once("SIGTERM", onSignal);
  process.once("SIGHUP", onSignal);
  ctx.signal.addEventListener("abort", () => stop("SIGINT"), { once: true });
  void promise.then(() => {
    process.off("SIGTERM", onSignal);
    process.off("SIGHUP", onSignal);
  });
  return { promise, stop };
}

export async function runAgent(ctx: CliContext): Promise<ExitCode> {
  const path = agentSocketPath(ctx.env);
  const dir = agentDirectory(path);
  await ensurePrivateDir(dir);
  await claimAgentSocket(path);
  if (!(await memberFileExists(ctx.dataPath))) {
    throw new GryptError(
      "NOT_FOUND",
      `no member file at ${ctx.dataPath}: create your keys with \`grypt init\``,
    );
  }
  const log = (line: string) => ctx.io.stderr(`grypt agent: ${line}\n`);
  const end = stopped(ctx);
  const core = new AgentCore({
    memberFile: ctx.dataPath,
    lockAfterMs: ctx.args.lockAfterMs,
    log,
    onStop: () => end.stop("stop request"),
  });
  if (!ctx.args.locked) await core.unlock(await existingPassword(ctx.password));
  // Checked again: the password prompt may have taken a while.
  await claimAgentSocket(path);
  const server = await startAgentServer(path, dir, (request) => core.handle(request), log);
  ctx.io.stdout(`GRYPT_AGENT_SOCK=${path}; export GRYPT_AGENT_SOCK;\n`);
  log(`listening${core.isLocked ? " (locked: run `grypt unlock`)" : ""}; pid ${process.pid}`);
  const why = await end.promise;
  log(`stopping (${why})`);
  await core.lock();
  await server.close();
  return EXIT.OK;
}
