/**
 * State transitions of a group, as pure functions: each takes a state and returns a new one
 * (the caller saves it before announcing anything). Nothing here touches sockets or disk.
 */

import { GryptError } from "../../shared/errors.ts";
import { addressKeys } from "../net/address-keys.ts";
import { blockOf, recordDenied, recordRemoved } from "./blocked-keys.ts";
import {
  type AuditEntry,
  currentEpoch,
  type EpochRecord,
  type GroupState,
  type MemberRecord,
  type PendingRecord,
  type RequestLogEntry,
} from "./group-schema.ts";

/** Join requests waiting at most; a request beyond is refused (JOIN_QUEUE_FULL), none is dropped. */
export const MAX_PENDING = 100;
/** Join requests waiting from one address at most; its next one is refused (RATE_LIMITED). */
export const MAX_PENDING_PER_ADDRESS = 5;
/** Join requests waiting from one network (IPv4 /24, IPv6 /64) at most: four addresses' worth. */
export const MAX_PENDING_PER_NETWORK = 4 * MAX_PENDING_PER_ADDRESS;
/** Admin events the audit log keeps (the oldest go); join requests do not count. */
export const MAX_LOG_ENTRIES = 1000;
/** Keys whose join requests the request log keeps (the longest quiet goes). */
export const MAX_REQUEST_LOG_ENTRIES = 1000;

/** An admin event (approve, deny, kick, unblock, rotate, backup, …) in the audit log. */
export function appendLog(state: GroupState, entry: AuditEntry): GroupState {
  const log =
    state.log.length >= MAX_LOG_ENTRIES
      ? state.log.slice(-(MAX_LOG_ENTRIES - 1))
      : state.log.slice();
  log.push({ ...entry, text: entry.text.slice(0, 500) });
  return { ...state, log };
}

export function findMember(state: GroupState, fingerprint: string): MemberRecord | undefined {
  return state.members.find((m) => m.fingerprint === fingerprint);
}

/** A denied or removed key may not become a request or a member (see blocked-keys.ts). */
function assertNotBlocked(state: GroupState, fingerprint: string): void {
  const block = blockOf(state, fingerprint);
  if (block) throw new GryptError("CONFLICT", `that key is ${block}; unblock it first`);
}

/**
 * A key's join request in the request log: one entry per key, so a key that asks again (a new
 * name, a new address) updates its entry in place and counts one more. A new key's entry beyond
 * MAX_REQUEST_LOG_ENTRIES replaces the entry whose key asked longest ago. Admin events are in
 * `log`, which requests never touch.
 */
export function logRequest(
  state: GroupState,
  request: { fingerprint: string; name: string; address: string },
  now: number,
): GroupState {
  const { fingerprint, name, address } = request;
  const log = state.requestLog;
  const at = log.findIndex((e) => e.fingerprint === fingerprint);
  if (at >= 0) {
    const earlier = log[at]!;
    const entry = { ...earlier, name, address, at: now, count: earlier.count + 1 };
    return { ...state, requestLog: log.map((e, i) => (i === at ? entry : e)) };
  }
  let kept = log;
  if (log.length >= MAX_REQUEST_LOG_ENTRIES) {
    const quietest = log.reduce((a, b) => (b.at < a.at ? b : a));
    kept = log.filter((e) => e !== quietest);
  }
  const entry: RequestLogEntry = { fingerprint, name, address, first: now, at: now, count: 1 };
  return { ...state, requestLog: [...kept, entry] };
}

/**
 * Record (or refresh) a join request. A waiting request is never dropped for another: a new
 * key is refused when MAX_PENDING requests wait (JOIN_QUEUE_FULL), or MAX_PENDING_PER_ADDRESS
 * from its address or MAX_PENDING_PER_NETWORK from its network (RATE_LIMITED); a key already
 * waiting may always change its name or address.
 * A blocked key is refused (CONFLICT).
 */
export function addPending(
  state: GroupState,
  request: PendingRecord,
): { state: GroupState; request: PendingRecord } {
  assertNotBlocked(state, request.fingerprint);
  const at = state.pending.findIndex((p) => p.fingerprint === request.fingerprint);
  if (at >= 0) {
    const pending = state.pending.map((p, i) => (i === at ? request : p));
    return { state: { ...state, pending }, request };
  }
  if (state.pending.length >= MAX_PENDING) {
    throw new GryptError(
      "JOIN_QUEUE_FULL",
      `the group's join queue is full (${MAX_PENDING} requests wait for the admin); try again later`,
    );
  }
  const sameAddress = state.pending.filter((p) => p.address === request.address);
  if (sameAddress.length >= MAX_PENDING_PER_ADDRESS) {
    throw new GryptError(
      "RATE_LIMITED",
      `${MAX_PENDING_PER_ADDRESS} join requests from your address are waiting already; try again later`,
    );
  }
  const { network } = addressKeys(request.address);
  const sameNetwork = state.pending.filter((p) => addressKeys(p.address).network === network);
  if (sameNetwork.length >= MAX_PENDING_PER_NETWORK) {
    throw new GryptError(
      "RATE_LIMITED",
      `${MAX_PENDING_PER_NETWORK} join requests from your network are waiting already; try again later`,
    );
  }
  return { state: { ...state, pending: [...state.pending, request] }, request };
}

/**
 * A request becomes a member, holding keys from `joinedEpoch` on under since-join (an approval
 * that rotates passes the epoch it makes).
 */
export function approve(
  state: GroupState,
  fingerprint: string,
  now: number,
  joinedEpoch = currentEpoch(state).epoch,
): { state: GroupState; member: MemberRecord } {
  const request = state.pending.find((p) => p.fingerprint === fingerprint);
  if (!request) throw new GryptError("NOT_FOUND", "no pending request with that fingerprint");
  assertNotBlocked(state, fingerprint);
  const member: MemberRecord = {
    fingerprint,
    signKey: request.signKey,
    encKey: request.encKey,
    name: request.name,
    joinedEpoch,
    approvedAt: now,
  };
  return {
    state: {
      ...state,
      members: [...state.members, member],
      pending: state.pending.filter((p) => p.fingerprint !== fingerprint),
    },
    member,
  };
}

export function deny(
  state: GroupState,
  fingerprint: string,
  now: number,
): { state: GroupState; request: PendingRecord } {
  const request = state.pending.find((p) => p.fingerprint === fingerprint);
  if (!request) throw new GryptError("NOT_FOUND", "no pending request with that fingerprint");
  const without = { ...state, pending: state.pending.filter((p) => p.fingerprint !== fingerprint) };
  return {
    state: recordDenied(without, { fingerprint, name: request.name, deniedAt: now }),
    request,
  };
}

/** Remove a member and record its key as removed: it is refused from then on, until unblocked. */
export function removeMember(
  state: GroupState,
  fingerprint: string,
  now: number,
): { state: GroupState; member: MemberRecord } {
  const member = findMember(state, fingerprint);
  if (!member) throw new GryptError("NOT_FOUND", "no member with that fingerprint");
  const without = { ...state, members: state.members.filter((m) => m.fingerprint !== fingerprint) };
  return {
    state: recordRemoved(without, { fingerprint, name: member.name, removedAt: now }),
    member,
  };
}

/** A new epoch with the given fresh session key (base64url of 32 random bytes). */
export function rotate(
  state: GroupState,
  key: string,
  reason: string,
  now: number,
): { state: GroupState; epoch: EpochRecord } {
  const epoch: EpochRecord = {
    epoch: currentEpoch(state).epoch + 1,
    key,
    created: now,
    reason: reason.slice(0, 200),
  };
  return { state: { ...state, epochs: [...state.epochs, epoch] }, epoch };
}

/** The epochs a member may hold and lacks: above haveEpoch, and (policy since-join) from joining on. */
export function epochsFor(
  state: GroupState,
  member: MemberRecord,
  haveEpoch: number,
  limit: number,
): EpochRecord[] {
  const from = Math.max(haveEpoch + 1, state.history === "since-join" ? member.joinedEpoch : 1);
  return state.epochs.slice(from - 1, from - 1 + limit);
}
