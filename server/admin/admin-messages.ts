/**
 * The admin protocol: newline-delimited JSON over the server's local admin socket (mode 0600).
 * One request per line, one response per line, both discriminated unions on `type`.
 * Members and requests are named by a fingerprint prefix of at least 16 hex digits (a shorter one
 * is refused: find-by-prefix.ts); display names are shown, never trusted.
 */
import * as v from "valibot";
import {
  Epoch,
  ErrorCodeField,
  Fingerprint,
  GroupId,
  GroupName,
  StoredDisplayName,
} from "../../shared/protocol/fields.ts";
import { MIN_PREFIX_DIGITS, SHORT_PREFIX_REASON } from "../state/find-by-prefix.ts";

/** Longest admin line either side accepts (a member list of thousands is a few hundred KB). */
export const MAX_ADMIN_REQUEST = 4 * 1024;
export const MAX_ADMIN_RESPONSE = 16 * 1024 * 1024;

/** A key named by its fingerprint's first 16 to 64 hex digits (find-by-prefix.ts says why 16). */
const Prefix = v.pipe(
  v.string(),
  v.regex(/^[0-9a-fA-F]{1,64}$/, "fingerprint prefix must be hex digits"),
  v.minLength(MIN_PREFIX_DIGITS, SHORT_PREFIX_REASON),
);
/** Members one `kick` removes at most (all in one rotation); their prefixes fit MAX_ADMIN_REQUEST. */
export const MAX_KICK = 50;
/** Requests one `approve` accepts at most (under since-join, all in one rotation). */
export const MAX_APPROVE = 50;
const Reason = v.pipe(v.string(), v.maxLength(200, "reason must be at most 200 characters"));
/** A file path on the server's machine: absolute (the admin's tools resolve it), printable. */
const FilePath = v.pipe(
  v.string(),
  v.maxLength(1024, "path must be at most 1024 characters"),
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  v.regex(/^\/[^\u0000-\u001f\u007f]*$/, "path must be absolute, without control characters"),
);

export const AdminRequestSchema = v.variant("type", [
  v.strictObject({ type: v.literal("status") }),
  v.strictObject({ type: v.literal("pending") }),
  v.strictObject({
    type: v.literal("approve"),
    prefixes: v.pipe(
      v.array(Prefix),
      v.minLength(1, "name at least one request"),
      v.maxLength(MAX_APPROVE, `an approve accepts at most ${MAX_APPROVE} requests at a time`),
    ),
  }),
  v.strictObject({ type: v.literal("deny"), prefix: Prefix }),
  v.strictObject({ type: v.literal("members") }),
  v.strictObject({
    type: v.literal("kick"),
    prefixes: v.pipe(
      v.array(Prefix),
      v.minLength(1, "name at least one member"),
      v.maxLength(MAX_KICK, `a kick removes at most ${MAX_KICK} members at a time`),
    ),
  }),
  v.strictObject({ type: v.literal("blocked") }),
  v.strictObject({ type: v.literal("unblock"), prefix: Prefix }),
  v.strictObject({ type: v.literal("rotate"), reason: v.optional(Reason) }),
  v.strictObject({ type: v.literal("invite") }),
  v.strictObject({ type: v.literal("backup"), path: FilePath }),
  v.strictObject({
    type: v.literal("log"),
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000))),
  }),
]);

export type AdminRequest = v.InferOutput<typeof AdminRequestSchema>;
export type AdminCommand = AdminRequest["type"];
export const ADMIN_COMMANDS: readonly AdminCommand[] = [
  "status",
  "pending",
  "approve",
  "deny",
  "members",
  "kick",
  "blocked",
  "unblock",
  "rotate",
  "invite",
  "backup",
  "log",
];

const Time = v.pipe(v.number(), v.integer(), v.minValue(0));

export const MemberInfoSchema = v.strictObject({
  fingerprint: Fingerprint,
  name: StoredDisplayName,
  joinedEpoch: Epoch,
  approvedAt: Time,
  connections: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export const PendingInfoSchema = v.strictObject({
  fingerprint: Fingerprint,
  name: StoredDisplayName,
  address: v.pipe(v.string(), v.maxLength(100)),
  requestedAt: Time,
  waiting: v.boolean(),
});
/** A denied or removed key: refused on every connection until unblocked. */
export const BlockedInfoSchema = v.strictObject({
  fingerprint: Fingerprint,
  name: StoredDisplayName,
  which: v.picklist(["denied", "removed"]),
  blockedAt: Time,
});
export const LogEntrySchema = v.strictObject({
  at: Time,
  event: v.pipe(v.string(), v.maxLength(40)),
  text: v.pipe(v.string(), v.maxLength(500)),
});

export const AdminResponseSchema = v.variant("type", [
  v.strictObject({
    type: v.literal("status"),
    groupId: GroupId,
    groupName: GroupName,
    fingerprint: Fingerprint,
    url: v.string(),
    epoch: Epoch,
    history: v.picklist(["all", "since-join"]),
    members: v.number(),
    pending: v.number(),
    denied: v.number(),
    removed: v.number(),
    connections: v.number(),
    startedAt: Time,
  }),
  v.strictObject({ type: v.literal("pending"), requests: v.array(PendingInfoSchema) }),
  v.strictObject({
    type: v.literal("approved"),
    members: v.array(MemberInfoSchema),
    /** Connections that received their keys at once (the others get them when they connect). */
    delivered: v.number(),
    /** The epoch the new members hold keys from: a new one when the approval rotated (since-join). */
    epoch: Epoch,
    rotated: v.boolean(),
  }),
  v.strictObject({ type: v.literal("denied"), request: PendingInfoSchema }),
  v.strictObject({ type: v.literal("members"), members: v.array(MemberInfoSchema) }),
  v.strictObject({ type: v.literal("kicked"), members: v.array(MemberInfoSchema), epoch: Epoch }),
  v.strictObject({ type: v.literal("blocked"), keys: v.array(BlockedInfoSchema) }),
  v.strictObject({ type: v.literal("unblocked"), key: BlockedInfoSchema }),
  v.strictObject({ type: v.literal("rotated"), epoch: Epoch, notified: v.number() }),
  v.strictObject({
    type: v.literal("invite"),
    invite: v.string(),
    url: v.string(),
    fingerprint: Fingerprint,
  }),
  v.strictObject({ type: v.literal("log"), entries: v.array(LogEntrySchema) }),
  v.strictObject({
    type: v.literal("backed-up"),
    path: v.string(),
    epoch: Epoch,
    members: v.number(),
    bytes: v.number(),
  }),
  v.strictObject({
    type: v.literal("error"),
    code: ErrorCodeField,
    message: v.pipe(v.string(), v.maxLength(500)),
  }),
]);

export type AdminResponse = v.InferOutput<typeof AdminResponseSchema>;
export type MemberInfo = v.InferOutput<typeof MemberInfoSchema>;
export type PendingInfo = v.InferOutput<typeof PendingInfoSchema>;
export type BlockedInfo = v.InferOutput<typeof BlockedInfoSchema>;
export type LogEntry = v.InferOutput<typeof LogEntrySchema>;
