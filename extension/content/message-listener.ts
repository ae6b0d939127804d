/** Requests from the background to this page's content script, parsed before use. */
import * as v from "valibot";
import { BackgroundToContentSchema } from "../messages/content-messages.ts";
import type { ReaderTicket } from "../messages/reader-messages.ts";
import {
  closeComposer,
  insertComposed,
  type OpenOutcome,
  openComposer,
} from "./compose/private-composers.ts";
import { focusIsInFrame } from "./edit/edit-target.ts";
import { encryptInPlace, type InPlaceOutcome } from "./edit/encrypt-in-place.ts";
import { type InsertOutcome, insertText } from "./edit/insert-text.ts";
import type { Feed } from "./feed/start-feed.ts";
import { onRuntimeMessage } from "./runtime-api.ts";
import type { EncryptService } from "./runtime-client.ts";

export interface ContentHandlers {
  document: Document;
  /** Whether this script runs in the tab's top frame. */
  isTopFrame: boolean;
  service: EncryptService;
  /** The feed of the current page life (none while the page is hidden). */
  feed(): Feed | null;
  /** The reading setting changed: the feed starts again in that mode. */
  readingMode(readInPage: boolean): void;
}

type Answer =
  | InPlaceOutcome
  | InsertOutcome
  | OpenOutcome
  | ReaderTicket
  | { type: "closed" }
  | undefined;

/**
 * Every frame of the tab may get an editing request. The focus chain decides: a frame whose
 * focus is in a child frame leaves it to that frame; a child frame acts only while it holds the
 * focus. The top frame acts even without focus: while the toolbar popup is open, the page has
 * none, and its last focused field is still the one meant.
 */
function shouldEdit(handlers: ContentHandlers): boolean {
  if (focusIsInFrame(handlers.document)) return false;
  return handlers.isTopFrame || handlers.document.hasFocus();
}

export function handleBackgroundMessage(
  message: unknown,
  handlers: ContentHandlers,
  signal: AbortSignal,
): Promise<Answer> | undefined {
  const parsed = v.safeParse(BackgroundToContentSchema, message);
  if (!parsed.success) return undefined;
  const request = parsed.output;
  const { document } = handlers;
  switch (request.type) {
    case "encrypt-in-place":
      return shouldEdit(handlers)
        ? encryptInPlace(document, handlers.service, signal, request.groupId)
        : undefined;
    case "insert-text":
      return shouldEdit(handlers) ? insertText(document, request.text) : undefined;
    case "open-composer":
      return shouldEdit(handlers)
        ? Promise.resolve(openComposer(document, request.composerId, signal))
        : undefined;
    case "insert-composed":
      return insertComposed(request.composerId, request.token);
    case "close-composer":
      return closeComposer(request.composerId)
        ? Promise.resolve({ type: "closed" as const })
        : undefined;
    case "keys-changed":
      handlers.feed()?.decryptor.keysChanged(request.locked);
      return undefined;
    case "reading-mode":
      handlers.readingMode(request.readInPage);
      return undefined;
    case "reader-lookup": {
      // Only the frame (of this tab) whose reading frame has this id answers.
      const ticket = handlers.feed()?.frames?.lookup(request.id);
      return ticket === undefined ? undefined : Promise.resolve(ticket);
    }
    default: {
      const unknown: never = request;
      throw new Error(`unhandled message ${String(unknown)}`);
    }
  }
}

/** Listens for the background's messages until the signal aborts. */
export function listenToBackground(handlers: ContentHandlers, signal: AbortSignal): void {
  const remove = onRuntimeMessage((message) => handleBackgroundMessage(message, handlers, signal));
  signal.addEventListener("abort", remove, { once: true });
}
