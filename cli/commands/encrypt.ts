/** `grypt encrypt`: stdin → one post token for a group, with the freshest key available. */
import { GryptError } from "../../shared/errors.ts";
import { inertLine } from "../../shared/inert-text.ts";
import type { AgentConnection } from "../agent/agent-client.ts";
import { encryptWithAgent, memberAgent } from "../agent-use.ts";
import { type CliContext, unlock } from "../context.ts";
import { encryptForGroup, FernetKeyCache } from "../encrypt-key.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";
import { groupLabel } from "../group-label.ts";
import { findGroup } from "../member-state.ts";

export const MAX_PLAINTEXT_BYTES = 1024 * 1024;

async function readPlaintext(ctx: CliContext): Promise<string> {
  const input = await ctx.io.readStdin(MAX_PLAINTEXT_BYTES);
  const plaintext = input.replace(/\r?\n$/, "");
  if (plaintext === "")
    throw new GryptError("INVALID_ARGUMENT", "nothing to encrypt: stdin was empty");
  return plaintext;
}

/** With an agent: no password, no server visit (the agent's connections keep its keys fresh). */
async function encryptByAgent(ctx: CliContext, agent: AgentConnection): Promise<ExitCode> {
  try {
    const token = await encryptWithAgent(agent, await readPlaintext(ctx), ctx.args.group);
    ctx.io.stdout(`${token}\n`);
    return EXIT.OK;
  } finally {
    agent.close();
  }
}

export async function runEncrypt(ctx: CliContext): Promise<ExitCode> {
  const agent = await memberAgent(ctx);
  if (agent) return encryptByAgent(ctx, agent);
  const file = await unlock(ctx);
  const group = findGroup(file.state, ctx.args.group);
  const label = groupLabel(group);
  const plaintext = await readPlaintext(ctx);
  // Loaded only here: through the agent, grypt never loads the WebSocket client.
  const { isFinal, refreshGroups } = await import("../refresh.ts");
  if (!ctx.args.offline && !isFinal(group)) {
    const result = (await refreshGroups(ctx, file, [group])).get(group);
    if (result?.status.state === "unreachable") {
      ctx.io.stderr(
        `grypt: ${label} not refreshed (${inertLine(result.status.error.message)}); using the stored key of epoch ${group.currentEpoch}\n`,
      );
    }
  }
  const token = await encryptForGroup(group, plaintext, new FernetKeyCache());
  ctx.io.stdout(`${token}\n`);
  return EXIT.OK;
}
