/**
 * A change between two group states, small enough to append to the journal (group-journal.ts):
 * epochs and log entries appended; the long keyed lists (members, denied and removed keys, the
 * request log) as records put (added at the end, or replaced in place) and fingerprints gone;
 * any other top-level field (pending, name, …: short or rarely changed) replaced whole.
 * `diffGroupState` returns undefined when the change is not of that shape; the store then writes
 * a full snapshot.
 */
import * as v from "valibot";
import { Fingerprint } from "../../shared/protocol/fields.ts";
import { MAX_LOG_ENTRIES } from "../state/group-model.ts";
import {
  AuditEntrySchema,
  DeniedRecordSchema,
  EpochRecordSchema,
  type GroupState,
  GroupStateSchema,
  MemberRecordSchema,
  RemovedRecordSchema,
  RequestLogEntrySchema,
} from "../state/group-schema.ts";

const LISTS = ["epochs", "members", "denied", "removed", "log", "requestLog"] as const;
/** Never under `set`. (`denied` may be: journal lines written before it was keyed replace it whole.) */
const NOT_SET = ["epochs", "members", "removed", "log", "requestLog"] as const;
type KeyedRecord = { fingerprint: string };

function keyedChange<T extends v.GenericSchema<unknown, KeyedRecord>>(record: T) {
  return v.strictObject({ put: v.array(record), gone: v.array(Fingerprint) });
}
type OtherFields = Omit<GroupState, (typeof LISTS)[number]>;
const OTHER_FIELDS = Object.keys(GroupStateSchema.entries).filter(
  (key) => !(LISTS as readonly string[]).includes(key),
) as Array<keyof OtherFields>;

export const GroupChangeSchema = v.strictObject({
  /** Epochs appended after the last one. */
  epochs: v.optional(v.array(EpochRecordSchema)),
  /** Members added or replaced, and gone. */
  members: v.optional(keyedChange(MemberRecordSchema)),
  /** Denied keys recorded, and forgotten (or unblocked). */
  denied: v.optional(keyedChange(DeniedRecordSchema)),
  /** Removed keys recorded, and forgotten (or unblocked). */
  removed: v.optional(keyedChange(RemovedRecordSchema)),
  /** Audit entries appended; the oldest beyond MAX_LOG_ENTRIES drop off. */
  log: v.optional(v.array(AuditEntrySchema)),
  /** Request log entries added or updated (one per key), and gone. */
  requestLog: v.optional(keyedChange(RequestLogEntrySchema)),
  /** Other fields, replaced whole. */
  set: v.optional(v.partial(v.omit(GroupStateSchema, NOT_SET))),
});

export type GroupChange = v.InferOutput<typeof GroupChangeSchema>;

/** `next` as `base` plus a change, or undefined if it is not one (then write a snapshot). */
export function diffGroupState(base: GroupState, next: GroupState): GroupChange | undefined {
  const change: GroupChange = {};
  if (next.epochs !== base.epochs) change.epochs = next.epochs.slice(base.epochs.length);
  if (next.members !== base.members) change.members = diffKeyed(base.members, next.members);
  if (next.denied !== base.denied) change.denied = diffKeyed(base.denied, next.denied);
  if (next.removed !== base.removed) change.removed = diffKeyed(base.removed, next.removed);
  if (next.requestLog !== base.requestLog)
    change.requestLog = diffKeyed(base.requestLog, next.requestLog);
  if (next.log !== base.log) {
    const last = base.log.at(-1);
    const from = last ? next.log.lastIndexOf(last) + 1 : 0;
    if (last && from === 0) return undefined;
    change.log = next.log.slice(from);
  }
  const set: Partial<OtherFields> = {};
  for (const key of OTHER_FIELDS)
    if (next[key] !== base[key]) Object.assign(set, { [key]: next[key] });
  if (Object.keys(set).length > 0) change.set = set;
  // Replaying the change must give back `next` exactly, element for element.
  return sameState(applyGroupChange(base, change), next) ? change : undefined;
}

/** `state` with `change` applied (pure; the result is checked by the caller's parser). */
export function applyGroupChange(state: GroupState, change: GroupChange): GroupState {
  const next: GroupState = { ...state, ...change.set };
  if (change.epochs) next.epochs = [...state.epochs, ...change.epochs];
  if (change.log) next.log = [...state.log, ...change.log].slice(-MAX_LOG_ENTRIES);
  if (change.members) next.members = applyKeyed(state.members, change.members);
  if (change.denied) next.denied = applyKeyed(next.denied, change.denied);
  if (change.removed) next.removed = applyKeyed(state.removed, change.removed);
  if (change.requestLog) next.requestLog = applyKeyed(state.requestLog, change.requestLog);
  return next;
}

function diffKeyed<T extends KeyedRecord>(before: T[], after: T[]): { put: T[]; gone: string[] } {
  const old = new Map(before.map((r) => [r.fingerprint, r]));
  const kept = new Set(after.map((r) => r.fingerprint));
  return {
    put: after.filter((r) => old.get(r.fingerprint) !== r),
    gone: before.filter((r) => !kept.has(r.fingerprint)).map((r) => r.fingerprint),
  };
}

function applyKeyed<T extends KeyedRecord>(list: T[], change: { put: T[]; gone: string[] }): T[] {
  const gone = new Set(change.gone);
  const result = list.filter((r) => !gone.has(r.fingerprint));
  const index = new Map(result.map((r, i) => [r.fingerprint, i]));
  for (const record of change.put) {
    const at = index.get(record.fingerprint);
    if (at === undefined) {
      index.set(record.fingerprint, result.length);
      result.push(record);
    } else {
      result[at] = record;
    }
  }
  return result;
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function sameState(a: GroupState, b: GroupState): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as Array<keyof GroupState>);
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (!(Array.isArray(x) && Array.isArray(y) && sameList<unknown>(x, y))) return false;
  }
  return true;
}
