/**
 * The question asked on a terminal before an approval hands out the group's keys: each request
 * in full (the whole fingerprint, the chosen name, the address and the time it asked), so the
 * admin compares every digit with what the member read out, not just the few typed. A name
 * that another request waiting uses as well is pointed out: that is what an impostor does.
 */
import { formatFingerprint } from "../../shared/identity.ts";
import type { PendingInfo } from "./admin-messages.ts";
import { name, when } from "./format.ts";

type Request = Pick<PendingInfo, "fingerprint" | "name" | "address" | "requestedAt">;

export function approveQuestion(
  requests: readonly Request[],
  pending: readonly Request[],
  options: { sinceJoin?: boolean } = {},
): string {
  const blocks = requests.map((r) => {
    const lines = [
      `  fingerprint  ${formatFingerprint(r.fingerprint)}`,
      `  name         ${name(r.name)}`,
      `  address      ${r.address}`,
      `  asked at     ${when(r.requestedAt)} UTC`,
    ];
    const alike = pending.filter((p) => p.name === r.name && p.fingerprint !== r.fingerprint);
    if (alike.length > 0) {
      const others = alike.length === 1 ? "another request" : `${alike.length} other requests`;
      lines.push(`  note         ${others} waiting under this name, with another key`);
    }
    return lines.join("\n");
  });
  const head =
    requests.length === 1
      ? "Approve this request? It will receive the group's keys:"
      : `Approve these ${requests.length} requests? Each will receive the group's keys:`;
  const rotation = options.sinceJoin ? ["A new epoch starts for them (history since-join)."] : [];
  return [
    head,
    blocks.join("\n\n"),
    "Compare every digit with the fingerprint the member reads out to you.",
    ...rotation,
    "Approve? [y/N] ",
  ].join("\n");
}
