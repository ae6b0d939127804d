/**
 * Runtime messages between the content script and the background (extension messaging).
 * The background parses every request with these schemas: a web page can reach the content
 * script's world, so nothing it sends is trusted. Keys never leave the background.
 */
import * as v from "valibot";
import { ErrorCodeField } from "../../shared/protocol/fields.ts";
import {
  CloseComposerSchema,
  InsertComposedSchema,
  OpenComposerSchema,
} from "./composer-messages.ts";

export const MAX_BATCH_TOKENS = 500;
export const MAX_TOKEN_CHARS = 64 * 1024;
export const MAX_PLAINTEXT_CHARS = 64 * 1024;

export const WireErrorSchema = v.strictObject({
  code: ErrorCodeField,
  message: v.pipe(v.string(), v.maxLength(500)),
});

// Content script → background.
export const DecryptBatchSchema = v.strictObject({
  type: v.literal("decrypt-batch"),
  tokens: v.pipe(
    v.array(v.pipe(v.string(), v.maxLength(MAX_TOKEN_CHARS))),
    v.maxLength(MAX_BATCH_TOKENS),
  ),
});
export const EncryptTextSchema = v.strictObject({
  type: v.literal("encrypt-text"),
  /** Absent: the default group. */
  groupId: v.optional(v.pipe(v.string(), v.regex(/^[0-9A-Za-z]{1,32}$/))),
  plaintext: v.pipe(v.string(), v.maxLength(MAX_PLAINTEXT_CHARS)),
});
/** Private reading: whether each token is readable (its epoch), without its plaintext. */
export const CheckBatchSchema = v.strictObject({
  type: v.literal("check-batch"),
  tokens: DecryptBatchSchema.entries.tokens,
});
/** How the feed shows posts: in reading frames (the default) or in the page's own text. */
export const FeedSettingsSchema = v.strictObject({ type: v.literal("feed-settings") });
export const ContentRequestSchema = v.variant("type", [
  DecryptBatchSchema,
  EncryptTextSchema,
  CheckBatchSchema,
  FeedSettingsSchema,
]);

export const DecryptedSchema = v.strictObject({
  ok: v.literal(true),
  plaintext: v.string(),
  groupId: v.string(),
  groupName: v.string(),
  epoch: v.number(),
});
export const NotDecryptedSchema = v.strictObject({ ok: v.literal(false), error: WireErrorSchema });
export const DecryptBatchResultSchema = v.strictObject({
  type: v.literal("decrypt-batch-result"),
  results: v.array(v.variant("ok", [DecryptedSchema, NotDecryptedSchema])),
});
export const ReadableSchema = v.strictObject({
  ok: v.literal(true),
  groupId: v.string(),
  epoch: v.number(),
});
export const CheckBatchResultSchema = v.strictObject({
  type: v.literal("check-batch-result"),
  results: v.array(v.variant("ok", [ReadableSchema, NotDecryptedSchema])),
});
export const FeedSettingsResultSchema = v.strictObject({
  type: v.literal("feed-settings-result"),
  readInPage: v.boolean(),
});
export const EncryptTextResultSchema = v.strictObject({
  type: v.literal("encrypt-text-result"),
  token: v.string(),
  groupId: v.string(),
  groupName: v.string(),
  epoch: v.number(),
});
export const FailureSchema = v.strictObject({ type: v.literal("failure"), error: WireErrorSchema });
/** What the content script answers to insert-text and insert-composed. */
export const InsertOutcomeSchema = v.variant("type", [
  v.strictObject({ type: v.literal("inserted") }),
  FailureSchema,
]);

// Background → content script (tabs.sendMessage).
export const EncryptInPlaceSchema = v.strictObject({
  type: v.literal("encrypt-in-place"),
  groupId: v.optional(v.string()),
});
export const InsertTextSchema = v.strictObject({
  type: v.literal("insert-text"),
  text: v.pipe(v.string(), v.maxLength(MAX_TOKEN_CHARS)),
});
/** Keys or lock state changed: retry tokens left unread, or put ciphertext back after a lock. */
export const KeysChangedSchema = v.strictObject({
  type: v.literal("keys-changed"),
  locked: v.boolean(),
});
/** A reading frame's id: a random UUID the content script made. */
export const ReaderIdField = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/),
);
/** Which post a reading frame of this tab shows (reader-messages.ts); answered by a ticket. */
export const ReaderLookupSchema = v.strictObject({
  type: v.literal("reader-lookup"),
  id: ReaderIdField,
});
/** The reading setting changed: the feed starts again in the new mode. */
export const ReadingModeSchema = v.strictObject({
  type: v.literal("reading-mode"),
  readInPage: v.boolean(),
});
export const BackgroundToContentSchema = v.variant("type", [
  EncryptInPlaceSchema,
  InsertTextSchema,
  KeysChangedSchema,
  OpenComposerSchema,
  InsertComposedSchema,
  CloseComposerSchema,
  ReadingModeSchema,
  ReaderLookupSchema,
]);

export type ContentRequest = v.InferOutput<typeof ContentRequestSchema>;
export type DecryptBatch = v.InferOutput<typeof DecryptBatchSchema>;
export type EncryptText = v.InferOutput<typeof EncryptTextSchema>;
export type DecryptBatchResult = v.InferOutput<typeof DecryptBatchResultSchema>;
export type CheckBatchResult = v.InferOutput<typeof CheckBatchResultSchema>;
export type FeedSettingsResult = v.InferOutput<typeof FeedSettingsResultSchema>;
export type EncryptTextResult = v.InferOutput<typeof EncryptTextResultSchema>;
export type Failure = v.InferOutput<typeof FailureSchema>;
export type BackgroundToContent = v.InferOutput<typeof BackgroundToContentSchema>;
