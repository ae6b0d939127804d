/**
 * Keys the group refuses: denied requests and removed (kicked) members. A blocked key is answered
 * `denied` or `removed` on every connection; it can neither become a join request nor be approved
 * until the admin unblocks it. Pure functions over the group state, like group-model.ts.
 */
import { GryptError } from "../../shared/errors.ts";
import type { DeniedRecord, GroupState, RemovedRecord } from "./group-schema.ts";

/**
 * Removed keys kept in the group file; beyond this the oldest removals are forgotten. A forgotten
 * key is a stranger again: its next connection is an ordinary join request, never a member.
 */
export const MAX_REMOVED = 10_000;
/** Denied keys kept, likewise: a forgotten denial lets the key ask again (a request, never a member). */
export const MAX_DENIED = 10_000;

export type BlockKind = "denied" | "removed";

export interface BlockedKey {
  fingerprint: string;
  name: string;
  which: BlockKind;
  blockedAt: number;
}

/**
 * Fingerprint sets of the blocked lists, made once per list: the state is never changed in place
 * (a change makes new lists), so a list's set stays true, and goes with the list.
 */
const listed = new WeakMap<readonly { fingerprint: string }[], ReadonlySet<string>>();

function fingerprintsOf(list: readonly { fingerprint: string }[]): ReadonlySet<string> {
  let set = listed.get(list);
  if (!set) {
    set = new Set(list.map((r) => r.fingerprint));
    listed.set(list, set);
  }
  return set;
}

/** Whether a key is denied or removed: asked on every connection that is not a member's. */
export function blockOf(state: GroupState, fingerprint: string): BlockKind | undefined {
  if (fingerprintsOf(state.denied).has(fingerprint)) return "denied";
  if (fingerprintsOf(state.removed).has(fingerprint)) return "removed";
  return undefined;
}

/** Every blocked key once (a denial wins over a removal of the same key), oldest first. */
export function blockedKeys(state: GroupState): BlockedKey[] {
  const denied = state.denied.map((d) => ({
    fingerprint: d.fingerprint,
    name: d.name,
    which: "denied" as const,
    blockedAt: d.deniedAt,
  }));
  const listed = new Set(denied.map((d) => d.fingerprint));
  const removed = state.removed
    .filter((r) => !listed.has(r.fingerprint))
    .map((r) => ({
      fingerprint: r.fingerprint,
      name: r.name,
      which: "removed" as const,
      blockedAt: r.removedAt,
    }));
  return [...denied, ...removed].sort((a, b) => a.blockedAt - b.blockedAt);
}

/** `list` with `record` last (an older record of the same key dropped), at most `max` long. */
function keepNewest<T extends { fingerprint: string }>(list: T[], record: T, max: number): T[] {
  return [...list.filter((r) => r.fingerprint !== record.fingerprint), record].slice(-max);
}

/** Record a removal (replacing an older one of the same key); the newest MAX_REMOVED are kept. */
export function recordRemoved(state: GroupState, record: RemovedRecord): GroupState {
  return { ...state, removed: keepNewest(state.removed, record, MAX_REMOVED) };
}

/** Record a denial (replacing an older one of the same key); the newest MAX_DENIED are kept. */
export function recordDenied(state: GroupState, record: DeniedRecord): GroupState {
  return { ...state, denied: keepNewest(state.denied, record, MAX_DENIED) };
}

/** Lift a denial or removal: the key's next connection is an ordinary join request again. */
export function unblock(
  state: GroupState,
  fingerprint: string,
): { state: GroupState; key: BlockedKey } {
  const key = blockedKeys(state).find((k) => k.fingerprint === fingerprint);
  if (!key) throw new GryptError("NOT_FOUND", "no denied or removed key with that fingerprint");
  const keep = (record: { fingerprint: string }) => record.fingerprint !== fingerprint;
  // Only a list that held the key is replaced: an unchanged list stays the same array.
  const denied = state.denied.some((d) => !keep(d)) ? state.denied.filter(keep) : state.denied;
  const removed = state.removed.some((r) => !keep(r)) ? state.removed.filter(keep) : state.removed;
  return { state: { ...state, denied, removed }, key };
}
