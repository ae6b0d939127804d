/**
 * `grypt agent --detach`: ask the password here, in the foreground, then start the agent as a
 * background process of its own (locked, its output discarded), wait until it answers, and hand
 * it the password over its socket, as `grypt unlock` would. Prints where it listens and exits.
 */
import { spawn } from "node:child_process";
import { GryptError } from "../../shared/errors.ts";
import { expect } from "../agent-use.ts";
import type { CliContext } from "../context.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";
import { memberFileExists } from "../member-file.ts";
import { existingPassword } from "../password.ts";
import { claimAgentSocket } from "./agent-claim.ts";
import { AgentConnection } from "./agent-client.ts";
import { agentDirectory, agentSocketPath } from "./agent-paths.ts";
import { ensurePrivateDir } from "./private-dir.ts";

const START_TIMEOUT_MS = 30_000;

async function waitForAgent(path: string, exited: () => boolean): Promise<AgentConnection> {
  const until = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const found = await AgentConnection.find(path);
    if (found.type === "agent") return found.connection;
    if (exited() || Date.now() > until)
      throw new GryptError("TIMEOUT", `the agent did not start at ${path}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function detachAgent(ctx: CliContext): Promise<ExitCode> {
  const path = agentSocketPath(ctx.env);
  await ensurePrivateDir(agentDirectory(path));
  await claimAgentSocket(path);
  if (!(await memberFileExists(ctx.dataPath)))
    throw new GryptError("NOT_FOUND", `no member file at ${ctx.dataPath}: run \`grypt init\``);
  const password = ctx.args.locked ? undefined : await existingPassword(ctx.password);
  const args = [process.argv[1]!, "agent", "--locked", "--data", ctx.dataPath];
  if (ctx.args.lockAfterMs !== undefined)
    args.push("--lock-after", String(ctx.args.lockAfterMs / 60_000));
  const child = spawn(process.execPath, [...process.execArgv, ...args], {
    detached: true,
    stdio: "ignore",
    env: { ...ctx.env, GRYPT_AGENT_SOCK: path, GRYPT_PASSWORD: "" },
  });
  let exited = false;
  child.once("exit", () => (exited = true));
  child.unref();
  const agent = await waitForAgent(path, () => exited);
  try {
    if (password !== undefined) {
      const answer = await agent.request({ type: "unlock", password });
      if (answer.type === "error") await agent.request({ type: "stop" });
      expect(answer, "unlocked");
    }
  } finally {
    agent.close();
  }
  ctx.io.stdout(
    `GRYPT_AGENT_SOCK=${path}; export GRYPT_AGENT_SOCK;\necho Agent pid ${child.pid};\n`,
  );
  return EXIT.OK;
}
