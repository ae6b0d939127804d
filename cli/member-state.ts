/**
 * What the member file holds once unlocked: the identity backup, the display name, and per
 * group its server (URL, pinned fingerprint), last known state and session keys by epoch.
 */
import * as v from "valibot";
import { fromBase64Url, toBase64Url } from "../shared/bytes.ts";
import { GryptError } from "../shared/errors.ts";
import type { EpochKeyBytes } from "../shared/member-client/epoch-keyring.ts";
import {
  b64Exact,
  Epoch,
  Fingerprint,
  GroupId,
  HaveEpoch,
  StoredDisplayName,
  StoredGroupName,
} from "../shared/protocol/fields.ts";

export const GROUP_STATES = ["pending", "member", "denied", "removed", "key-mismatch"] as const;
export type GroupState = (typeof GROUP_STATES)[number];

const StoredKeySchema = v.strictObject({ epoch: Epoch, key: b64Exact(32) });
const StoredGroupSchema = v.strictObject({
  groupId: GroupId,
  groupName: StoredGroupName,
  url: v.pipe(v.string(), v.regex(/^wss?:\/\/\S+$/, "url must be a ws:// or wss:// URL")),
  pin: Fingerprint,
  state: v.picklist(GROUP_STATES),
  currentEpoch: HaveEpoch,
  keys: v.pipe(v.array(StoredKeySchema), v.maxLength(100_000)),
  updatedAt: v.string(),
});
export const MemberStateSchema = v.strictObject({
  v: v.literal(1),
  type: v.literal("grypt-member"),
  /** serializeIdentity() output: private keys, which is why the whole file is a vault. */
  identity: v.pipe(v.string(), v.maxLength(16 * 1024)),
  name: StoredDisplayName,
  groups: v.pipe(v.array(StoredGroupSchema), v.maxLength(1000)),
});

export type StoredGroup = v.InferOutput<typeof StoredGroupSchema>;
export type MemberState = v.InferOutput<typeof MemberStateSchema>;

export function parseMemberState(data: unknown): MemberState {
  const result = v.safeParse(MemberStateSchema, data);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join(".") ?? "";
  throw new GryptError(
    "VAULT_CORRUPT",
    `member file content is invalid: ${path ? `${path}: ` : ""}${issue.message}`.slice(0, 300),
  );
}

export function storedKeys(group: StoredGroup): EpochKeyBytes[] {
  return group.keys.map((k) => ({ epoch: k.epoch, key: fromBase64Url(k.key) }));
}

/** Merge verified keys and the epoch into a group (never lowering its epoch); true when anything changed. */
export function mergeKeys(
  group: StoredGroup,
  keys: EpochKeyBytes[],
  currentEpoch: number,
): boolean {
  let changed = false;
  for (const { epoch, key } of keys) {
    const text = toBase64Url(key);
    const held = group.keys.find((k) => k.epoch === epoch);
    if (held?.key === text) continue;
    if (held) held.key = text;
    else group.keys.push({ epoch, key: text });
    changed = true;
  }
  group.keys.sort((a, b) => a.epoch - b.epoch);
  if (currentEpoch > group.currentEpoch) {
    group.currentEpoch = currentEpoch;
    changed = true;
  }
  return changed;
}

/** A group by id, name or id prefix (case-sensitive id, case-insensitive name); UNKNOWN_GROUP otherwise. */
export function findGroup(state: MemberState, query: string | undefined): StoredGroup {
  const groups = state.groups;
  if (groups.length === 0)
    throw new GryptError("UNKNOWN_GROUP", "no groups yet: join one with `grypt join <invite>`");
  if (query === undefined) {
    if (groups.length === 1) return groups[0]!;
    throw new GryptError(
      "UNKNOWN_GROUP",
      `you are in ${groups.length} groups: choose one with --group (${groups.map((g) => g.groupId).join(", ")})`,
    );
  }
  const exact = groups.filter(
    (g) => g.groupId === query || g.groupName.toLowerCase() === query.toLowerCase(),
  );
  const matches = exact.length > 0 ? exact : groups.filter((g) => g.groupId.startsWith(query));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new GryptError("UNKNOWN_GROUP", `no group matches "${query}"`);
  throw new GryptError(
    "UNKNOWN_GROUP",
    `"${query}" matches several groups: ${matches.map((g) => g.groupId).join(", ")}`,
  );
}
