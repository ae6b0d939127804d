/**
 * What `grypt status` shows, as data: made from the member file (and the servers' answers) by
 * the command itself, or sent by the agent. One format for both.
 */
import type { GroupView, StatusView } from "./agent/agent-messages.ts";
import type { SyncResult } from "./group-sync.ts";
import type { MemberFile } from "./member-file.ts";
import type { StoredGroup } from "./member-state.ts";

export function groupView(group: StoredGroup, note: string | undefined): GroupView {
  const view: GroupView = {
    groupId: group.groupId,
    groupName: group.groupName,
    state: group.state,
    currentEpoch: group.currentEpoch,
    epochs: group.keys.map((k) => k.epoch),
    url: group.url,
    pin: group.pin,
  };
  if (note !== undefined) view.note = note;
  return view;
}

export function statusView(
  file: MemberFile,
  notes: (group: StoredGroup) => string | undefined,
): StatusView {
  return {
    name: file.state.name,
    fingerprintHex: file.identity.public.fingerprintHex,
    memberFile: file.path,
    groups: file.state.groups.map((g) => groupView(g, notes(g))),
  };
}

/** The note for a group a refresh could not reach. */
export function refreshNote(result: SyncResult | undefined): string | undefined {
  return result?.status.state === "unreachable" ? result.status.error.message : undefined;
}
