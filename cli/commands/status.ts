/** `grypt status`: who you are, and each group's state (asking the servers unless --offline). */
import { formatFingerprint } from "../../shared/identity.ts";
import { inertLine } from "../../shared/inert-text.ts";
import { type CliContext, unlock } from "../context.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";
import { groupLabel } from "../group-label.ts";
import type { StoredGroup } from "../member-state.ts";
import { refreshGroups } from "../refresh.ts";

function epochs(group: StoredGroup): string {
  if (group.keys.length === 0) return "no keys";
  const list = group.keys.map((k) => k.epoch);
  return list.length === 1
    ? `key for epoch ${list[0]}`
    : `keys for ${list.length} epochs (${list[0]}..${list.at(-1)})`;
}

export async function runStatus(ctx: CliContext): Promise<ExitCode> {
  const file = await unlock(ctx);
  const results = ctx.args.offline ? new Map() : await refreshGroups(ctx, file, file.state.groups);
  const lines = [
    `Name: ${inertLine(file.state.name)}`,
    `Fingerprint: ${formatFingerprint(file.identity.public.fingerprintHex)}`,
    `Member file: ${file.path}`,
  ];
  if (file.state.groups.length === 0)
    lines.push("No groups yet: join one with `grypt join <invite>`.");
  for (const group of file.state.groups) {
    lines.push("");
    lines.push(groupLabel(group));
    lines.push(
      `  state: ${group.state}${group.state === "member" ? `, epoch ${group.currentEpoch}` : ""}, ${epochs(group)}`,
    );
    lines.push(`  server: ${inertLine(group.url)}`);
    lines.push(`  server key: ${formatFingerprint(group.pin)}`);
    const result = results.get(group);
    if (result?.status.state === "unreachable")
      lines.push(`  not refreshed: ${inertLine(result.status.error.message)}`);
  }
  ctx.io.stdout(`${lines.join("\n")}\n`);
  return EXIT.OK;
}
