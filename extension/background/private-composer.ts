/**
 * Private writing, the background's part: opens a composer frame over the tab's focused field
 * (through the content script, which anchors it), encrypts what the frame sends (keys never leave
 * the background) and hands the content script only the token to insert.
 */
import * as v from "valibot";
import { randomBytes, toBase64Url } from "../../shared/bytes.ts";
import { GryptError } from "../../shared/errors.ts";
import type { ComposerInsert } from "../messages/composer-messages.ts";
import { type BackgroundToContent, InsertOutcomeSchema } from "../messages/content-messages.ts";
import { browser } from "./browser-api.ts";
import { encryptForGroup } from "./content-requests.ts";

async function send(tabId: number, message: BackgroundToContent, frameId?: number) {
  return frameId === undefined
    ? browser.tabs.sendMessage(tabId, message)
    : browser.tabs.sendMessage(tabId, message, { frameId });
}

/** To one frame (the one right-clicked), or to every frame: only the one holding the focus acts. */
export async function openComposer(tabId: number, frameId?: number): Promise<void> {
  const composerId = toBase64Url(randomBytes(16));
  try {
    await send(tabId, { type: "open-composer", composerId }, frameId);
  } catch {
    // No content script there (site not allowed): no field to write for.
  }
}

/** Encrypts the frame's text and has the frame's content script insert the token. */
export async function insertComposed(tabId: number, request: ComposerInsert): Promise<void> {
  const { token } = await encryptForGroup(request.plaintext, request.groupId);
  let reply: unknown;
  try {
    reply = await send(tabId, { type: "insert-composed", composerId: request.composerId, token });
  } catch {
    throw new GryptError("CONNECTION_CLOSED", "the page was left or reloaded: nothing inserted");
  }
  const outcome = v.safeParse(InsertOutcomeSchema, reply);
  if (!outcome.success)
    throw new GryptError("NOT_FOUND", "the field this composer was opened for is gone");
  if (outcome.output.type === "failure")
    throw new GryptError(outcome.output.error.code, outcome.output.error.message);
}

export async function closeComposer(tabId: number, composerId: string): Promise<void> {
  try {
    await send(tabId, { type: "close-composer", composerId });
  } catch {
    // The page is gone, and the frame with it.
  }
}
