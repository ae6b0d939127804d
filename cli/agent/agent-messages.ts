/**
 * The agent protocol: newline-delimited JSON over the agent's Unix socket. The agent speaks
 * first (a challenge, peer-proof.ts); the client answers with its proof, then sends requests,
 * one per line, each answered by one line. Requests and responses are discriminated unions on
 * `type`, parsed with these schemas on both sides.
 */
import * as v from "valibot";
import {
  DisplayName,
  ErrorCodeField,
  Fingerprint,
  GroupId,
  GroupName,
  HaveEpoch,
} from "../../shared/protocol/fields.ts";
import { GROUP_STATES } from "../member-state.ts";

/** Longest request line the agent reads: a 1 MiB plaintext, even fully JSON-escaped, fits. */
export const MAX_AGENT_REQUEST = 8 * 1024 * 1024;
/** Longest response line the client reads (a decrypt batch's plaintexts). */
export const MAX_AGENT_RESPONSE = 32 * 1024 * 1024;
/** Token characters one decrypt request carries at most (the client cuts larger inputs). */
export const MAX_DECRYPT_BATCH_CHARS = 4 * 1024 * 1024;
export const MAX_DECRYPT_BATCH_TOKENS = 10_000;

/** The member file the agent serves (a command for another file works without the agent). */
const FilePath = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));
const ProofNonce = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/, "nonce must be 16 bytes"));
const Message = v.pipe(v.string(), v.maxLength(1000));

export const AgentChallengeSchema = v.strictObject({
  type: v.literal("challenge"),
  nonce: ProofNonce,
});
export type AgentChallenge = v.InferOutput<typeof AgentChallengeSchema>;

export const AgentProofSchema = v.strictObject({ type: v.literal("proof"), nonce: ProofNonce });
export type AgentProof = v.InferOutput<typeof AgentProofSchema>;

export const AgentRequestSchema = v.variant("type", [
  /** Which member file the agent serves, and whether it is locked. */
  v.strictObject({ type: v.literal("hello") }),
  v.strictObject({
    type: v.literal("encrypt"),
    group: v.optional(v.pipe(v.string(), v.maxLength(200))),
    plaintext: v.pipe(v.string(), v.minLength(1)),
  }),
  v.strictObject({
    type: v.literal("decrypt"),
    tokens: v.pipe(v.array(v.string()), v.maxLength(MAX_DECRYPT_BATCH_TOKENS)),
  }),
  v.strictObject({ type: v.literal("status") }),
  /** Read the member file again (another grypt run joined a group) and connect new groups. */
  v.strictObject({ type: v.literal("reload") }),
  v.strictObject({ type: v.literal("lock") }),
  v.strictObject({
    type: v.literal("unlock"),
    password: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)),
  }),
  v.strictObject({ type: v.literal("stop") }),
]);
export type AgentRequest = v.InferOutput<typeof AgentRequestSchema>;

export const GroupViewSchema = v.strictObject({
  groupId: GroupId,
  groupName: GroupName,
  state: v.picklist(GROUP_STATES),
  currentEpoch: HaveEpoch,
  epochs: v.pipe(v.array(HaveEpoch), v.maxLength(100_000)),
  url: v.pipe(v.string(), v.maxLength(4096)),
  pin: Fingerprint,
  /** Why the keys may not be the server's latest (its server is unreachable, say). */
  note: v.optional(Message),
});
export type GroupView = v.InferOutput<typeof GroupViewSchema>;

export const StatusViewSchema = v.strictObject({
  name: DisplayName,
  fingerprintHex: Fingerprint,
  memberFile: FilePath,
  groups: v.pipe(v.array(GroupViewSchema), v.maxLength(1000)),
});
export type StatusView = v.InferOutput<typeof StatusViewSchema>;

export const TokenResultSchema = v.variant("type", [
  v.strictObject({ type: v.literal("plaintext"), text: v.string() }),
  /** The reason, for a note on stderr ("no key for epoch 9 of Book club"). */
  v.strictObject({ type: v.literal("unreadable"), problem: Message }),
]);
export type TokenResult = v.InferOutput<typeof TokenResultSchema>;

export const AgentResponseSchema = v.variant("type", [
  v.strictObject({
    type: v.literal("hello"),
    memberFile: FilePath,
    locked: v.boolean(),
  }),
  v.strictObject({ type: v.literal("encrypted"), token: v.string() }),
  v.strictObject({
    type: v.literal("decrypted"),
    results: v.pipe(v.array(TokenResultSchema), v.maxLength(MAX_DECRYPT_BATCH_TOKENS)),
  }),
  v.strictObject({ type: v.literal("status"), view: StatusViewSchema }),
  v.strictObject({ type: v.literal("reloaded"), groups: v.number() }),
  v.strictObject({ type: v.literal("locked") }),
  v.strictObject({ type: v.literal("unlocked") }),
  v.strictObject({ type: v.literal("stopping") }),
  v.strictObject({ type: v.literal("error"), code: ErrorCodeField, message: Message }),
]);
export type AgentResponse = v.InferOutput<typeof AgentResponseSchema>;
