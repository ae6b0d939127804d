/**
 * Private writing: the messages between the composer frame (an extension page inside the site's
 * tab), the background and the content script that anchors the frame. The plaintext goes only
 * from the frame to the background; the content script is handed the token alone.
 */
import * as v from "valibot";

/** The same bounds as content-messages.ts (which imports this file, so they are not imported). */
const MAX_PLAINTEXT_CHARS = 64 * 1024;
const MAX_TOKEN_CHARS = 64 * 1024;

/** A random id per opened composer, made by the background: 22 base64url characters. */
export const ComposerIdField = v.pipe(v.string(), v.regex(/^[0-9A-Za-z_-]{22}$/));

// Composer frame → background (UI requests: the frame is one of the extension's own pages).
export const ComposerInsertSchema = v.strictObject({
  type: v.literal("composer-insert"),
  composerId: ComposerIdField,
  groupId: v.pipe(v.string(), v.regex(/^[0-9A-Za-z]{1,32}$/)),
  plaintext: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_PLAINTEXT_CHARS)),
});
export const ComposerCloseSchema = v.strictObject({
  type: v.literal("composer-close"),
  composerId: ComposerIdField,
});

// Background → content script (tabs.sendMessage).
export const OpenComposerSchema = v.strictObject({
  type: v.literal("open-composer"),
  composerId: ComposerIdField,
});
export const InsertComposedSchema = v.strictObject({
  type: v.literal("insert-composed"),
  composerId: ComposerIdField,
  token: v.pipe(v.string(), v.maxLength(MAX_TOKEN_CHARS)),
});
export const CloseComposerSchema = v.strictObject({
  type: v.literal("close-composer"),
  composerId: ComposerIdField,
});

/** What the content script answers to open-composer. */
export const ComposerOpenedSchema = v.strictObject({ type: v.literal("composer-opened") });

/** The frame's address: `composer.html#<id>`, then the site's post length limit when known. */
export const FrameParamsSchema = v.strictObject({
  id: ComposerIdField,
  site: v.optional(v.pipe(v.string(), v.maxLength(40))),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000))),
});

export type ComposerInsert = v.InferOutput<typeof ComposerInsertSchema>;
export type FrameParams = v.InferOutput<typeof FrameParamsSchema>;
