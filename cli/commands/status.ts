/** `grypt status`: who you are, and each group's state (asking the servers unless --offline). */

import { formatFingerprint } from "../../shared/identity.ts";
import { inertLine } from "../../shared/inert-text.ts";
import type { GroupView, StatusView } from "../agent/agent-messages.ts";
import { agentStatus } from "../agent-use.ts";
import { type CliContext, unlock } from "../context.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";
import { groupLabel } from "../group-label.ts";
import { refreshNote, statusView } from "../status-view.ts";

function epochs(group: GroupView): string {
  const list = group.epochs;
  if (list.length === 0) return "no keys";
  return list.length === 1
    ? `key for epoch ${list[0]}`
    : `keys for ${list.length} epochs (${list[0]}..${list.at(-1)})`;
}

async function localView(ctx: CliContext): Promise<StatusView> {
  const file = await unlock(ctx);
  const { refreshGroups } = await import("../refresh.ts");
  const results = ctx.args.offline ? new Map() : await refreshGroups(ctx, file, file.state.groups);
  return statusView(file, (group) => refreshNote(results.get(group)));
}

export async function runStatus(ctx: CliContext): Promise<ExitCode> {
  const agent = await agentStatus(ctx);
  const view = agent?.view ?? (await localView(ctx));
  const lines = [
    `Name: ${inertLine(view.name)}`,
    `Fingerprint: ${formatFingerprint(view.fingerprintHex)}`,
    `Member file: ${view.memberFile}`,
  ];
  if (agent) lines.push(`Agent: ${agent.socket} (keys unlocked, connected to the servers)`);
  if (view.groups.length === 0) lines.push("No groups yet: join one with `grypt join <invite>`.");
  for (const group of view.groups) {
    lines.push("");
    lines.push(groupLabel(group));
    lines.push(
      `  state: ${group.state}${group.state === "member" ? `, epoch ${group.currentEpoch}` : ""}, ${epochs(group)}`,
    );
    lines.push(`  server: ${inertLine(group.url)}`);
    lines.push(`  server key: ${formatFingerprint(group.pin)}`);
    if (group.note !== undefined) lines.push(`  not refreshed: ${inertLine(group.note)}`);
  }
  ctx.io.stdout(`${lines.join("\n")}\n`);
  return EXIT.OK;
}
