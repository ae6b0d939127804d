/**
 * The group file's decrypted content, parsed with valibot when the file is opened: a file that
 * decrypts but does not fit (or breaks an invariant) is refused as corrupt, never half-used.
 */
import * as v from "valibot";
import { GryptError } from "../../shared/errors.ts";
import { inertLine } from "../../shared/inert-text.ts";
import {
  b64Exact,
  b64Max,
  EncKeySpki,
  Epoch,
  Fingerprint,
  SignKeySpki,
  StoredDisplayName,
  StoredGroupName,
} from "../../shared/protocol/fields.ts";

const Time = v.pipe(v.number(), v.integer(), v.minValue(0));
const Address = v.pipe(v.string(), v.maxLength(100));

export const EpochRecordSchema = v.strictObject({
  epoch: Epoch,
  /** The 32-byte session key, base64url. */
  key: b64Exact(32),
  created: Time,
  reason: v.pipe(v.string(), v.maxLength(200)),
});

export const MemberRecordSchema = v.strictObject({
  fingerprint: Fingerprint,
  signKey: SignKeySpki,
  encKey: EncKeySpki,
  name: StoredDisplayName,
  joinedEpoch: Epoch,
  approvedAt: Time,
});

export const PendingRecordSchema = v.strictObject({
  fingerprint: Fingerprint,
  signKey: SignKeySpki,
  encKey: EncKeySpki,
  name: StoredDisplayName,
  address: Address,
  requestedAt: Time,
});

export const DeniedRecordSchema = v.strictObject({
  fingerprint: Fingerprint,
  name: StoredDisplayName,
  deniedAt: Time,
});
/** A kicked member's key: refused with `removed` on every later connection until unblocked. */
export const RemovedRecordSchema = v.strictObject({
  fingerprint: Fingerprint,
  name: StoredDisplayName,
  removedAt: Time,
});

export const AuditEntrySchema = v.strictObject({
  at: Time,
  event: v.pipe(v.string(), v.maxLength(40)),
  text: v.pipe(v.string(), v.maxLength(500)),
});

/**
 * One key's join requests as the audit log keeps them: coalesced, however often the key asked
 * (its latest name and address, when it first and last asked, and how often).
 */
export const RequestLogEntrySchema = v.strictObject({
  fingerprint: Fingerprint,
  name: StoredDisplayName,
  address: Address,
  first: Time,
  at: Time,
  count: v.pipe(v.number(), v.integer(), v.minValue(1)),
});

export const GroupStateSchema = v.strictObject({
  v: v.literal(1),
  /**
   * Names written before the character rule may hold C1 or bidi controls: they load with those
   * shown as U+FFFD, since the name goes out in every hello, which members check by that rule.
   */
  name: v.pipe(StoredGroupName, v.transform(inertLine)),
  history: v.picklist(["all", "since-join"]),
  server: v.strictObject({ pkcs8: b64Max(1024), spki: SignKeySpki }),
  epochs: v.pipe(v.array(EpochRecordSchema), v.minLength(1)),
  members: v.array(MemberRecordSchema),
  pending: v.array(PendingRecordSchema),
  denied: v.array(DeniedRecordSchema),
  /** Absent in files written before removals were kept: read as none. */
  removed: v.optional(v.array(RemovedRecordSchema), () => []),
  /** The admin's events (and the server's: create, policy): join requests cannot push them out. */
  log: v.array(AuditEntrySchema),
  /**
   * Join requests, one entry per key, in a log of their own. Absent in files written before
   * requests had one: read as none (their requests stay in `log`, where they were written).
   */
  requestLog: v.optional(v.array(RequestLogEntrySchema), () => []),
});

export type EpochRecord = v.InferOutput<typeof EpochRecordSchema>;
export type MemberRecord = v.InferOutput<typeof MemberRecordSchema>;
export type PendingRecord = v.InferOutput<typeof PendingRecordSchema>;
export type DeniedRecord = v.InferOutput<typeof DeniedRecordSchema>;
export type RemovedRecord = v.InferOutput<typeof RemovedRecordSchema>;
export type AuditEntry = v.InferOutput<typeof AuditEntrySchema>;
export type RequestLogEntry = v.InferOutput<typeof RequestLogEntrySchema>;
export type GroupState = v.InferOutput<typeof GroupStateSchema>;

function corrupt(message: string): never {
  throw new GryptError("VAULT_CORRUPT", `the group file is damaged: ${message}`);
}

function unique(list: { fingerprint: string }[], what: string): void {
  const seen = new Set<string>();
  for (const item of list) {
    if (seen.has(item.fingerprint))
      corrupt(`${what} ${item.fingerprint.slice(0, 16)} appears twice`);
    seen.add(item.fingerprint);
  }
}

/** Parse decrypted file content; schema and invariants (epochs 1..n in order, unique fingerprints). */
export function parseGroupState(data: unknown): GroupState {
  const result = v.safeParse(GroupStateSchema, data);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join(".") ?? "";
    corrupt(`${path ? `${path}: ` : ""}${issue.message}`.slice(0, 200));
  }
  const state = result.output;
  state.epochs.forEach((record, index) => {
    if (record.epoch !== index + 1) corrupt(`epoch ${index + 1} is missing`);
  });
  const current = state.epochs.length;
  for (const member of state.members) {
    if (member.joinedEpoch > current)
      corrupt(`member joined at unknown epoch ${member.joinedEpoch}`);
  }
  unique(state.members, "member");
  unique(state.pending, "request");
  unique(state.denied, "denied key");
  unique(state.removed, "removed key");
  unique(state.requestLog, "request log entry");
  return state;
}

export function currentEpoch(state: GroupState): EpochRecord {
  return state.epochs[state.epochs.length - 1]!;
}
