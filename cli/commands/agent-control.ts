/** `grypt lock`, `grypt unlock` and `grypt agent --stop`: tell the running agent. */
import { GryptError } from "../../shared/errors.ts";
import type { AgentConnection } from "../agent/agent-client.ts";
import { agentSocketPath } from "../agent/agent-paths.ts";
import { anyAgent, expect } from "../agent-use.ts";
import type { CliContext } from "../context.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";
import { existingPassword } from "../password.ts";

async function withAgent(
  ctx: CliContext,
  use: (agent: AgentConnection) => Promise<string>,
): Promise<ExitCode> {
  const agent = await anyAgent(ctx);
  if (!agent)
    throw new GryptError(
      "UNREACHABLE",
      `no grypt agent is running at ${agentSocketPath(ctx.env)} (start one with \`grypt agent\`)`,
    );
  try {
    ctx.io.stdout(`${await use(agent)}\n`);
    return EXIT.OK;
  } finally {
    agent.close();
  }
}

export function runLock(ctx: CliContext): Promise<ExitCode> {
  return withAgent(ctx, async (agent) => {
    expect(await agent.request({ type: "lock" }), "locked");
    return "The agent is locked: it holds no keys until `grypt unlock`.";
  });
}

export function runUnlock(ctx: CliContext): Promise<ExitCode> {
  return withAgent(ctx, async (agent) => {
    const hello = expect(await agent.request({ type: "hello" }), "hello");
    if (!hello.locked) return `The agent is unlocked (${hello.memberFile}).`;
    const password = await existingPassword(ctx.password);
    expect(await agent.request({ type: "unlock", password }), "unlocked");
    return `The agent is unlocked (${hello.memberFile}).`;
  });
}

export function runAgentStop(ctx: CliContext): Promise<ExitCode> {
  return withAgent(ctx, async (agent) => {
    expect(await agent.request({ type: "stop" }), "stopping");
    return `The agent at ${agent.path} stops and drops its keys.`;
  });
}
