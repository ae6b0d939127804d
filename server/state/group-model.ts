/**
 * State transitions of a group, as pure functions: each takes a state and returns a new one
 * (the caller saves it before announcing anything). Nothing here touches sockets or disk.
 */
import { GryptError } from "../../shared/errors.ts";
import { blockOf, recordDenied, recordRemoved } from "./blocked-keys.ts";
import {
  type AuditEntry,
  currentEpoch,
  type EpochRecord,
  type GroupState,
  type MemberRecord,
  type PendingRecord,
} from "./group-schema.ts";

export const MAX_PENDING = 100;
export const MAX_PENDING_PER_ADDRESS = 5;
export const MAX_LOG_ENTRIES = 1000;

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
 * Record (or refresh) a join request. Per address at most MAX_PENDING_PER_ADDRESS requests and
 * overall MAX_PENDING are kept; the oldest go first. Returns the fingerprints dropped.
 * A blocked key is refused (CONFLICT).
 */
export function addPending(
  state: GroupState,
  request: PendingRecord,
): { state: GroupState; dropped: string[] } {
  assertNotBlocked(state, request.fingerprint);
  const others = state.pending.filter((p) => p.fingerprint !== request.fingerprint);
  const dropped: string[] = [];
  const sameAddress = others.filter((p) => p.address === request.address);
  const excessByAddress = sameAddress.length - (MAX_PENDING_PER_ADDRESS - 1);
  const byAge = (a: PendingRecord, b: PendingRecord) => a.requestedAt - b.requestedAt;
  const drop = new Set<string>();
  if (excessByAddress > 0) {
    for (const p of sameAddress.sort(byAge).slice(0, excessByAddress)) drop.add(p.fingerprint);
  }
  let kept = others.filter((p) => !drop.has(p.fingerprint));
  const excess = kept.length - (MAX_PENDING - 1);
  if (excess > 0) {
    for (const p of kept.slice().sort(byAge).slice(0, excess)) drop.add(p.fingerprint);
    kept = kept.filter((p) => !drop.has(p.fingerprint));
  }
  dropped.push(...drop);
  return { state: { ...state, pending: [...kept, request] }, dropped };
}

export function approve(
  state: GroupState,
  fingerprint: string,
  now: number,
): { state: GroupState; member: MemberRecord } {
  const request = state.pending.find((p) => p.fingerprint === fingerprint);
  if (!request) throw new GryptError("NOT_FOUND", "no pending request with that fingerprint");
  assertNotBlocked(state, fingerprint);
  const member: MemberRecord = {
    fingerprint,
    signKey: request.signKey,
    encKey: request.encKey,
    name: request.name,
    joinedEpoch: currentEpoch(state).epoch,
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
