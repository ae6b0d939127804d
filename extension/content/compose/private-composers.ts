/**
 * The composers this frame's content script has open, by id: opened on the background's request
 * for the focused field, given the token to insert (never the plaintext, which only the frame
 * and the background see), closed on request. One composer at a time per page.
 */

import { frameHash } from "../../composer-frame/frame-params.ts";
import type { Failure } from "../../messages/content-messages.ts";
import { NO_FIELD_TEXT } from "../edit/edit-errors.ts";
import { findEditTarget } from "../edit/edit-target.ts";
import { restoreSelection } from "../edit/field-selection.ts";
import { type InsertOutcome, insertText } from "../edit/insert-text.ts";
import { showNotice } from "../edit/notice.ts";
import { nextTask } from "../edit/settle.ts";
import { siteLimit } from "../edit/site-limits.ts";
import { extensionUrl } from "../runtime-api.ts";
import { type AnchoredComposer, anchorComposer, type CloseReason } from "./anchored-composer.ts";
import { caretSnapshot, fieldElement } from "./caret-snapshot.ts";

export type OpenOutcome = { type: "composer-opened" } | Failure;

const TAMPERED_TEXT =
  "grypt closed its private composer: this page replaced or removed it. Nothing was inserted.";

const open = new Map<string, AnchoredComposer>();

function composerSrc(document: Document, id: string): string {
  const limit = siteLimit(document.location.hostname, document.getElementById("mastodon") !== null);
  const hash = frameHash(limit === null ? { id } : { id, site: limit.site, limit: limit.limit });
  return `${extensionUrl("composer-frame/composer.html")}${hash}`;
}

export function openComposer(document: Document, id: string, signal: AbortSignal): OpenOutcome {
  const target = findEditTarget(document);
  if (target === null) {
    showNotice(document, NO_FIELD_TEXT, "error");
    return { type: "failure", error: { code: "NOT_FOUND", message: NO_FIELD_TEXT } };
  }
  for (const composer of open.values()) composer.close("closed");
  const composer = anchorComposer(
    document,
    { id, src: composerSrc(document, id), target, snapshot: caretSnapshot(target) },
    signal,
    (reason: CloseReason) => {
      open.delete(id);
      if (reason === "tampered") showNotice(document, TAMPERED_TEXT, "error");
      if (reason === "closed") fieldElement(target).focus();
    },
  );
  open.set(id, composer);
  return { type: "composer-opened" };
}

/** Puts the token where the caret was, through the insert path; the frame closes when it is in. */
export function insertComposed(id: string, token: string): Promise<InsertOutcome> | undefined {
  const composer = open.get(id);
  return composer === undefined ? undefined : insertFor(composer, token);
}

async function insertFor(composer: AnchoredComposer, token: string): Promise<InsertOutcome> {
  const { target, snapshot } = composer;
  const field = fieldElement(target);
  if (!field.isConnected) {
    composer.close("closed");
    return { type: "failure", error: { code: "NOT_FOUND", message: "the field is gone" } };
  }
  field.focus();
  if (snapshot !== null && restoreSelection(target, snapshot)) await nextTask();
  const outcome = await insertText(field.ownerDocument, token);
  // Not inserted: back to the composer, where the words still are and the error shows.
  if (outcome.type === "inserted") composer.close("inserted");
  else composer.focus();
  return outcome;
}

export function closeComposer(id: string): boolean {
  const composer = open.get(id);
  composer?.close("closed");
  return composer !== undefined;
}
