/**
 * Admin responses as text for people (the CLI's --json prints the response itself), and the
 * pieces every question to the admin shows (names, times).
 */
import { formatFingerprint } from "../../shared/identity.ts";
import { escapeUnsafe, quoteName } from "../../shared/inert-text.ts";
import type { AdminResponse, BlockedInfo, MemberInfo, PendingInfo } from "./admin-messages.ts";

/** A time as the admin's output shows it (UTC). */
export function when(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 19);
}

/**
 * Names are chosen by members: shown quoted, so they cannot pass for anything else, with control
 * and bidi characters escaped (`\u{9b}`), so they cannot act on the admin's terminal. Every
 * member-chosen name the admin's tools print goes through here (the questions before a kick or
 * an approval too).
 */
export const name = quoteName;

function memberLine(m: MemberInfo): string {
  const online = m.connections > 0 ? `online(${m.connections})` : "offline";
  return `  ${m.fingerprint.slice(0, 16)}  ${name(m.name)}  joined epoch ${m.joinedEpoch}  ${online}`;
}

function pendingLine(p: PendingInfo): string {
  const waiting = p.waiting ? "waiting" : "offline";
  return `  ${p.fingerprint.slice(0, 16)}  ${name(p.name)}  from ${p.address}  ${when(p.requestedAt)}  ${waiting}`;
}

function blockedLine(b: BlockedInfo): string {
  return `  ${b.fingerprint.slice(0, 16)}  ${name(b.name)}  ${b.which.padEnd(7)}  ${when(b.blockedAt)}`;
}

export function formatResponse(response: AdminResponse): string {
  switch (response.type) {
    case "status":
      return [
        `group      ${name(response.groupName)} (id ${response.groupId})`,
        `url        ${escapeUnsafe(response.url)}`,
        `server key ${formatFingerprint(response.fingerprint)}`,
        `epoch      ${response.epoch} (history: ${response.history})`,
        `members    ${response.members}, pending ${response.pending}, denied ${response.denied}, removed ${response.removed}`,
        `connected  ${response.connections}`,
        `running    since ${when(response.startedAt)}`,
      ].join("\n");
    case "pending":
      if (response.requests.length === 0) return "No pending requests.";
      return [`${response.requests.length} pending:`, ...response.requests.map(pendingLine)].join(
        "\n",
      );
    case "members":
      if (response.members.length === 0) return "No members yet.";
      return [`${response.members.length} members:`, ...response.members.map(memberLine)].join(
        "\n",
      );
    case "approved": {
      const lines = response.members.map((m) => {
        const sent = m.connections > 0 ? "keys delivered" : "gets its keys on its next connection";
        return `Approved ${name(m.name)} ${formatFingerprint(m.fingerprint)}: ${sent}.`;
      });
      if (response.rotated)
        lines.push(
          `New epoch ${response.epoch} (history since-join): posts from before it stay unreadable to ${response.members.length === 1 ? "the new member" : "the new members"}.`,
        );
      return lines.join("\n");
    }
    case "denied":
      return `Denied ${name(response.request.name)} ${formatFingerprint(response.request.fingerprint)}.`;
    case "kicked":
      return `Removed ${response.members.map((m) => `${name(m.name)} ${m.fingerprint.slice(0, 16)}`).join(", ")}; new epoch ${response.epoch}.`;
    case "blocked":
      if (response.keys.length === 0) return "No denied or removed keys.";
      return [`${response.keys.length} blocked:`, ...response.keys.map(blockedLine)].join("\n");
    case "unblocked":
      return `Unblocked ${name(response.key.name)} ${formatFingerprint(response.key.fingerprint)} (was ${response.key.which}); its next connection is a join request to approve.`;
    case "rotated":
      return `New epoch ${response.epoch}; pushed to ${response.notified} connection(s).`;
    case "invite":
      return response.invite;
    case "log":
      if (response.entries.length === 0) return "The log is empty.";
      return response.entries
        .map((e) => `${when(e.at)}  ${escapeUnsafe(e.event.padEnd(8))} ${escapeUnsafe(e.text)}`)
        .join("\n");
    case "backed-up":
      return `Backed up epoch ${response.epoch} with ${response.members} member(s) to ${response.path} (${response.bytes} bytes); it opens with the group password.`;
    case "error":
      return `error (${response.code}): ${escapeUnsafe(response.message)}`;
    default: {
      const unknown: never = response;
      return String(unknown);
    }
  }
}
