/** Read-only views of the group for the admin: members, requests, blocked keys, status, log. */
import type {
  AdminResponse,
  BlockedInfo,
  LogEntry,
  MemberInfo,
  PendingInfo,
} from "../admin/admin-messages.ts";
import { blockedKeys } from "../state/blocked-keys.ts";
import {
  currentEpoch,
  type MemberRecord,
  type PendingRecord,
  type RequestLogEntry,
} from "../state/group-schema.ts";
import type { GroupService } from "./group-service.ts";

export function memberInfo(service: GroupService, member: MemberRecord): MemberInfo {
  return {
    fingerprint: member.fingerprint,
    name: member.name,
    joinedEpoch: member.joinedEpoch,
    approvedAt: member.approvedAt,
    connections: service.members.countOf(member.fingerprint),
  };
}

export function pendingInfo(service: GroupService, request: PendingRecord): PendingInfo {
  return {
    fingerprint: request.fingerprint,
    name: request.name,
    address: request.address,
    requestedAt: request.requestedAt,
    waiting: service.waiting.has(request.fingerprint),
  };
}

export function statusView(
  service: GroupService,
  url: string,
): Extract<AdminResponse, { type: "status" }> {
  const { state, identity } = service;
  return {
    type: "status",
    groupId: identity.groupId,
    groupName: state.name,
    fingerprint: identity.fingerprintHex,
    url,
    epoch: currentEpoch(state).epoch,
    history: state.history,
    members: state.members.length,
    pending: state.pending.length,
    denied: state.denied.length,
    removed: state.removed.length,
    connections: service.members.size + service.waiting.size,
    startedAt: service.startedAt,
  };
}

export function membersView(service: GroupService): MemberInfo[] {
  return service.state.members.map((m) => memberInfo(service, m));
}

export function pendingView(service: GroupService): PendingInfo[] {
  return service.state.pending.map((p) => pendingInfo(service, p));
}

export function blockedView(service: GroupService): BlockedInfo[] {
  return blockedKeys(service.state);
}

/** A key's join requests as one line of the log, however often it asked. */
function requestLine(entry: RequestLogEntry): LogEntry {
  const { name, fingerprint, address, count, first } = entry;
  const again =
    count > 1 ? ` (${count} requests, the first at ${new Date(first).toISOString()})` : "";
  const text = `${JSON.stringify(name)} ${fingerprint} from ${address}${again}`;
  return { at: entry.at, event: "request", text: text.slice(0, 500) };
}

/** The last `limit` events: the admin's and the join requests' (one line a key), in time order. */
export function logView(service: GroupService, limit: number): LogEntry[] {
  const { log, requestLog } = service.state;
  const requests = requestLog.map(requestLine).sort((a, b) => a.at - b.at);
  const merged = [...log.slice(-limit), ...requests.slice(-limit)];
  // A stable sort: an admin event and a request at the same millisecond keep that order.
  return merged.sort((a, b) => a.at - b.at).slice(-limit);
}
