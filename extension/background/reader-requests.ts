/**
 * Private reading: a reading frame (extension/reader/) asks for the post it shows by the id the
 * content script gave it. The background asks the frame's tab which token and style that id
 * stands for (only the content script that made the frame knows), decrypts the token and hands
 * the plaintext to the frame alone. Requests count only from the extension's own reader page
 * in a tab (message-router.ts checks the sender).
 */
import * as v from "valibot";
import { GryptError, toWireError } from "../../shared/errors.ts";
import type { BackgroundToContent } from "../messages/content-messages.ts";
import {
  type ReaderAnswer,
  type ReaderOpen,
  ReaderTicketSchema,
} from "../messages/reader-messages.ts";
import { browser } from "./browser-api.ts";
import { decryptOne } from "./content-requests.ts";
import { readGroups } from "./stored-state.ts";
import { getUnlocked } from "./vault-session.ts";

export const READER_PATH = "/reader/reader.html";

/** Whether a sender is grypt's reading frame: the extension's reader page, in a tab. */
export function isReaderFrame(sender: {
  id?: string;
  url?: string;
  tab?: { id?: number };
}): boolean {
  if (sender.id !== browser.runtime.id || typeof sender.url !== "string") return false;
  if (sender.tab?.id === undefined) return false;
  try {
    const url = new URL(sender.url);
    const scheme = url.protocol === "chrome-extension:" || url.protocol === "moz-extension:";
    return scheme && url.pathname === READER_PATH;
  } catch {
    return false;
  }
}

async function lookUp(tabId: number, id: string) {
  const lookup: BackgroundToContent = { type: "reader-lookup", id };
  let answer: unknown;
  try {
    answer = await browser.tabs.sendMessage(tabId, lookup);
  } catch {
    answer = undefined;
  }
  const ticket = v.safeParse(ReaderTicketSchema, answer);
  if (!ticket.success) throw new GryptError("NOT_FOUND", "this post is no longer on the page");
  return ticket.output;
}

export async function handleReaderOpen(request: ReaderOpen, tabId: number): Promise<ReaderAnswer> {
  try {
    const ticket = await lookUp(tabId, request.id);
    const open = await getUnlocked();
    if (!open) throw new GryptError("LOCKED", "grypt is locked");
    const result = await decryptOne(ticket.token, await readGroups(), open.vaultKey);
    if (!result.ok) return { type: "failure", error: result.error };
    return {
      type: "reader-content",
      plaintext: result.plaintext,
      token: ticket.token,
      groupName: result.groupName,
      epoch: result.epoch,
      style: ticket.style,
    };
  } catch (error) {
    return { type: "failure", error: toWireError(error) };
  }
}
