/**
 * Runtime messages between the extension's own pages (popup, options) and the background.
 * Every request is parsed with these schemas in the background; every reply is
 * `{ok: true, ...}` or `{ok: false, error}` and is parsed again by the page.
 */
import * as v from "valibot";
import { MAX_DISPLAY_NAME, nameCharacters } from "../../shared/protocol/fields.ts";
import { ComposerCloseSchema, ComposerInsertSchema } from "./composer-messages.ts";
import { WireErrorSchema } from "./content-messages.ts";

const GroupIdField = v.pipe(
  v.string(),
  v.regex(/^[0-9A-Za-z]{1,32}$/, "group id must be letters or digits"),
);
const Password = v.pipe(
  v.string(),
  v.minLength(1, "enter a password"),
  v.maxLength(1024, "password is too long"),
);
/** What the member is called in join requests: the protocol's DisplayName rules, after trimming. */
const MemberName = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, "enter a name"),
  v.maxLength(MAX_DISPLAY_NAME, `name is at most ${MAX_DISPLAY_NAME} characters`),
  nameCharacters("a name cannot hold tabs, line breaks, other control characters or bidi controls"),
);
/** A host as match patterns name it: "example.org", "*.example.org" or an IP address (no port). */
export const SiteHost = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.regex(
    /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$|^\[[0-9a-f:]+\]$/,
    "enter a host name such as mastodon.example",
  ),
  v.maxLength(253),
);
export const MIN_AUTO_LOCK_MINUTES = 1;
export const MAX_AUTO_LOCK_MINUTES = 24 * 60;

export const UiRequestSchema = v.variant("type", [
  v.strictObject({ type: v.literal("get-state") }),
  v.strictObject({ type: v.literal("create-identity"), name: MemberName, password: Password }),
  v.strictObject({
    type: v.literal("import-backup"),
    file: v.pipe(v.string(), v.maxLength(64 * 1024)),
    password: Password,
  }),
  v.strictObject({ type: v.literal("unlock"), password: Password }),
  v.strictObject({ type: v.literal("lock") }),
  v.strictObject({ type: v.literal("join-group"), text: v.pipe(v.string(), v.maxLength(4096)) }),
  v.strictObject({ type: v.literal("trust-server"), accept: v.boolean() }),
  v.strictObject({ type: v.literal("leave-group"), groupId: GroupIdField }),
  v.strictObject({ type: v.literal("repin-group"), groupId: GroupIdField }),
  v.strictObject({ type: v.literal("reconnect-group"), groupId: GroupIdField }),
  v.strictObject({ type: v.literal("set-default-group"), groupId: GroupIdField }),
  v.strictObject({
    type: v.literal("compose"),
    groupId: GroupIdField,
    plaintext: v.pipe(v.string(), v.maxLength(64 * 1024)),
  }),
  v.strictObject({
    type: v.literal("insert-into-tab"),
    text: v.pipe(v.string(), v.maxLength(64 * 1024)),
  }),
  v.strictObject({ type: v.literal("export-backup") }),
  v.strictObject({
    type: v.literal("change-password"),
    oldPassword: Password,
    newPassword: Password,
  }),
  v.strictObject({
    type: v.literal("set-auto-lock"),
    minutes: v.pipe(
      v.number(),
      v.integer(),
      v.minValue(MIN_AUTO_LOCK_MINUTES),
      v.maxValue(MAX_AUTO_LOCK_MINUTES),
    ),
  }),
  v.strictObject({ type: v.literal("set-site"), host: SiteHost, enabled: v.boolean() }),
  v.strictObject({ type: v.literal("remove-site"), host: SiteHost }),
  ComposerInsertSchema,
  ComposerCloseSchema,
  /** Decrypted posts in the page's own text (lighter, but the site can read them). */
  v.strictObject({ type: v.literal("set-read-in-page"), enabled: v.boolean() }),
]);
export type UiRequest = v.InferOutput<typeof UiRequestSchema>;
export type UiRequestType = UiRequest["type"];

export const GroupStateSchema = v.picklist([
  "connecting",
  "pending",
  "member",
  "denied",
  "removed",
  "unreachable",
  "key-mismatch",
  "stopped",
  "locked",
]);
export type GroupState = v.InferOutput<typeof GroupStateSchema>;

export const GroupViewSchema = v.strictObject({
  groupId: v.string(),
  name: v.string(),
  url: v.string(),
  pin: v.string(),
  state: GroupStateSchema,
  /** One sentence for people about the state (why it failed, what to do). */
  detail: v.string(),
  epoch: v.number(),
  /** Epochs whose keys are cached. */
  keyCount: v.number(),
});
export type GroupView = v.InferOutput<typeof GroupViewSchema>;

export const SiteViewSchema = v.strictObject({
  host: v.string(),
  enabled: v.boolean(),
  known: v.boolean(),
  granted: v.boolean(),
});
export type SiteView = v.InferOutput<typeof SiteViewSchema>;

export const TrustCandidateSchema = v.strictObject({
  url: v.string(),
  groupId: v.string(),
  groupName: v.string(),
  fingerprintHex: v.string(),
  /** The joined group whose re-pin found this key (another key makes another group id). */
  replaces: v.optional(v.string()),
});
export type TrustCandidate = v.InferOutput<typeof TrustCandidateSchema>;

export const UiStateSchema = v.strictObject({
  vault: v.picklist(["none", "locked", "unlocked"]),
  fingerprintHex: v.optional(v.string()),
  name: v.optional(v.string()),
  groups: v.array(GroupViewSchema),
  defaultGroupId: v.optional(v.string()),
  trustCandidate: v.optional(TrustCandidateSchema),
  autoLockMinutes: v.number(),
  sites: v.array(SiteViewSchema),
  /** Decrypted posts in the page's own text instead of private reading frames. */
  readInPage: v.boolean(),
});
export type UiState = v.InferOutput<typeof UiStateSchema>;

const Ok = <T extends v.ObjectEntries>(entries: T) =>
  v.strictObject({ ok: v.literal(true), ...entries });
export const UiFailureSchema = v.strictObject({ ok: v.literal(false), error: WireErrorSchema });

/** The reply schema for each request type. */
export const UiReplySchemas = {
  "get-state": Ok({ state: UiStateSchema }),
  "create-identity": Ok({ fingerprintHex: v.string() }),
  "import-backup": Ok({ fingerprintHex: v.string() }),
  unlock: Ok({}),
  lock: Ok({}),
  "join-group": Ok({ groupId: v.optional(v.string()), needsTrust: v.boolean() }),
  "trust-server": Ok({ groupId: v.optional(v.string()) }),
  "leave-group": Ok({}),
  "repin-group": Ok({ needsTrust: v.boolean() }),
  "reconnect-group": Ok({}),
  "set-default-group": Ok({}),
  compose: Ok({ token: v.string(), length: v.number() }),
  "insert-into-tab": Ok({}),
  "export-backup": Ok({ file: v.string(), fileName: v.string() }),
  "change-password": Ok({}),
  "set-auto-lock": Ok({}),
  "set-site": Ok({}),
  "remove-site": Ok({}),
  "composer-insert": Ok({}),
  "composer-close": Ok({}),
  "set-read-in-page": Ok({}),
} satisfies Record<UiRequestType, v.GenericSchema>;

export type UiReply<T extends UiRequestType> = v.InferOutput<(typeof UiReplySchemas)[T]>;
export type UiFailure = v.InferOutput<typeof UiFailureSchema>;
