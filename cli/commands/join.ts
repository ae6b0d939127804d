/**
 * `grypt join <invite>`: pin the invite's server key, ask to join, and (unless --no-wait) wait
 * for the admin's approval. The group is stored as soon as the server has answered.
 */
import { GryptError } from "../../shared/errors.ts";
import { formatFingerprint } from "../../shared/identity.ts";
import { inertLine } from "../../shared/inert-text.ts";
import { parseInvite } from "../../shared/invite.ts";
import { describeStatus, type MemberStatus } from "../../shared/member-client/member-status.ts";
import { notifyAgent } from "../agent-use.ts";
import { type CliContext, serverTimeout, unlock } from "../context.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";
import { groupLabel } from "../group-label.ts";
import { applySync, syncGroup } from "../group-sync.ts";
import { saveMemberFile } from "../member-file.ts";
import { type StoredGroup, storedKeys } from "../member-state.ts";
import { checkName } from "./init.ts";

export async function runJoin(ctx: CliContext): Promise<ExitCode> {
  const invite = parseInvite(ctx.args.positionals[0]!);
  const file = await unlock(ctx);
  // A stored name from before the name rule goes as it is: the member client shows its control
  // and bidi characters as U+FFFD. A --name given now must follow the rule.
  const name = ctx.args.name === undefined ? file.state.name : checkName(ctx.args.name);
  const existing = file.state.groups.find((g) => g.pin === invite.fingerprintHex);
  const fingerprint = file.identity.public.fingerprintHex;
  const giveUp = new AbortController();
  let sawPending = false;
  const onStatus = (status: MemberStatus) => {
    if (status.state === "pending" && !sawPending) {
      sawPending = true;
      if (!ctx.args.noWait) {
        ctx.io.stderr(
          `Waiting for the admin to approve you (Ctrl-C stops waiting; the request stays).\nYour fingerprint: ${formatFingerprint(fingerprint)}\n`,
        );
      }
    } else if (status.state === "unreachable") {
      if (!sawPending) giveUp.abort();
      else ctx.io.stderr(`${inertLine(describeStatus(status))}\n`);
    }
  };
  ctx.io.stderr(`Contacting ${invite.url} ...\n`);
  const result = await syncGroup({
    url: invite.url,
    pin: invite.fingerprintHex,
    identity: file.identity,
    name,
    knownKeys: existing ? storedKeys(existing) : [],
    timeoutMs: serverTimeout(ctx),
    waitForApproval: !ctx.args.noWait,
    waitTimeoutMs: ctx.args.timeoutMs,
    signal: AbortSignal.any([ctx.signal, giveUp.signal]),
    onStatus,
  });
  const status = result.status;
  if (status.state === "key-mismatch") {
    throw new GryptError(
      "SERVER_KEY_MISMATCH",
      `the server at ${invite.url} presented key ${status.presented}, but the invite names ${invite.fingerprintHex}: not joining`,
    );
  }
  if (ctx.signal.aborted && !result.group) return EXIT.INTERRUPTED;
  if (status.state === "unreachable" || !result.group) {
    const reason = status.state === "unreachable" ? status.error.message : "no answer";
    throw new GryptError(
      status.state === "unreachable" && status.error.code === "TIMEOUT" ? "TIMEOUT" : "UNREACHABLE",
      `cannot join: ${reason}`,
    );
  }
  const group: StoredGroup = existing ?? {
    groupId: result.group.groupId,
    groupName: result.group.groupName,
    url: invite.url,
    pin: invite.fingerprintHex,
    state: "pending",
    currentEpoch: 0,
    keys: [],
    updatedAt: new Date().toISOString(),
  };
  group.url = invite.url;
  if (!existing) file.state.groups.push(group);
  applySync(group, result);
  await saveMemberFile(file);
  await notifyAgent(ctx);
  const label = groupLabel(group);
  switch (group.state) {
    case "member":
      ctx.io.stdout(`Joined group ${label} at epoch ${group.currentEpoch}.\n`);
      return EXIT.OK;
    case "pending":
      ctx.io.stdout(
        `Join request for ${label} recorded; not approved yet. Run \`grypt status\` later.\n`,
      );
      if (ctx.signal.aborted) return EXIT.INTERRUPTED;
      return ctx.args.noWait ? EXIT.OK : EXIT.NOT_MEMBER;
    case "denied":
      throw new GryptError("DENIED", `the admin of ${label} denied your request`);
    case "removed":
      throw new GryptError("REMOVED", `you were removed from ${label}`);
    case "key-mismatch":
      throw new GryptError("SERVER_KEY_MISMATCH", `the server of ${label} presented another key`);
    default: {
      const never: never = group.state;
      return never;
    }
  }
}
