/**
 * Private reading: the messages around a reading frame (extension/reader/), the extension-origin
 * frame that shows a decrypted post where its token was. The plaintext travels from the
 * background to the frame only: the content script knows a frame by a random id, the token
 * (public) and the surrounding text's style; the frame asks the background for "its" post by
 * that id, and the background asks the tab's content script what the id stands for.
 */
import * as v from "valibot";
import { MAX_TOKEN_CHARS, ReaderIdField, WireErrorSchema } from "./content-messages.ts";

const CssValue = v.pipe(v.string(), v.maxLength(300));

/** The surrounding text's computed style, which the frame takes on (set through the CSSOM). */
export const ReaderStyleSchema = v.strictObject({
  fontFamily: CssValue,
  fontSize: CssValue,
  fontWeight: CssValue,
  fontStyle: CssValue,
  color: CssValue,
  lineHeight: CssValue,
  letterSpacing: CssValue,
  direction: v.picklist(["ltr", "rtl"]),
});

// Reading frame → background.
export const ReaderOpenSchema = v.strictObject({
  type: v.literal("reader-open"),
  id: ReaderIdField,
});
// Background → the tab's content scripts (ReaderLookupSchema, content-messages.ts); the one
// holding the id answers with a ticket.
export const ReaderTicketSchema = v.strictObject({
  type: v.literal("reader-ticket"),
  token: v.pipe(v.string(), v.maxLength(MAX_TOKEN_CHARS)),
  style: ReaderStyleSchema,
});
// Background → reading frame.
export const ReaderContentSchema = v.strictObject({
  type: v.literal("reader-content"),
  plaintext: v.string(),
  token: v.string(),
  groupName: v.string(),
  epoch: v.number(),
  style: ReaderStyleSchema,
});
export const ReaderFailureSchema = v.strictObject({
  type: v.literal("failure"),
  error: WireErrorSchema,
});
export const ReaderAnswerSchema = v.variant("type", [ReaderContentSchema, ReaderFailureSchema]);

/**
 * Reading frame → the content script that made it (window.postMessage to its parent): the
 * height its text needs. Not secret (the page sees the frame's size anyway); the content script
 * takes it only from its own frames' windows.
 */
export const FRAME_SIZE_TYPE = "grypt-reader-size";
export const FrameSizeSchema = v.strictObject({
  type: v.literal(FRAME_SIZE_TYPE),
  height: v.pipe(v.number(), v.minValue(0), v.maxValue(100_000)),
  /** The post's words are shown (not the loading or a failure state). */
  shown: v.boolean(),
});

export type ReaderStyle = v.InferOutput<typeof ReaderStyleSchema>;
export type ReaderOpen = v.InferOutput<typeof ReaderOpenSchema>;
export type ReaderTicket = v.InferOutput<typeof ReaderTicketSchema>;
export type ReaderContent = v.InferOutput<typeof ReaderContentSchema>;
export type ReaderAnswer = v.InferOutput<typeof ReaderAnswerSchema>;
export type FrameSize = v.InferOutput<typeof FrameSizeSchema>;
