/**
 * Puts a field back as it was after an insertion the editor did not take as plain text (a paste
 * it turned into a link, text of other paragraphs dropped). The editor's own undo is used, so
 * its model, not only its DOM, goes back: first typing's `beforeinput` "historyUndo" (Lexical,
 * Slate), else the undo shortcut's keydown (Quill, Draft.js, Gutenberg, ProseMirror's history),
 * else the browser's own undo (text controls, a plain contenteditable). Resolves with whether
 * the field is back to `original`.
 */

import { normalizeFieldText } from "./check-in-place.ts";
import type { EditTarget } from "./edit-target.ts";
import { fieldText } from "./field-selection.ts";
import { waitUntil } from "./settle.ts";

/** Whether the editor made a link to the token (Gutenberg turns a pasted URL into one). */
export function linksToToken(target: EditTarget, token: string): boolean {
  if (target.kind === "text-control") return false;
  return [...target.host.querySelectorAll("a[href]")].some((link) =>
    (link.getAttribute("href") ?? "").includes(token),
  );
}

/** Whether the field holds `original` and no link to `token`. */
export function isAsBefore(target: EditTarget, original: string, token: string): boolean {
  if (normalizeFieldText(fieldText(target)) !== normalizeFieldText(original)) return false;
  return !linksToToken(target, token);
}

function offerUndoInput(element: HTMLElement): boolean {
  const event = new InputEvent("beforeinput", {
    inputType: "historyUndo",
    bubbles: true,
    cancelable: true,
    composed: true,
  });
  return !element.dispatchEvent(event);
}

function offerUndoKey(element: HTMLElement): boolean {
  const mac = /Mac|iPhone|iPad/.test(element.ownerDocument.defaultView?.navigator.platform ?? "");
  const init = {
    key: "z",
    code: "KeyZ",
    keyCode: 90,
    which: 90,
    ctrlKey: !mac,
    metaKey: mac,
    bubbles: true,
    cancelable: true,
    composed: true,
  };
  const handled = !element.dispatchEvent(new KeyboardEvent("keydown", init));
  element.dispatchEvent(new KeyboardEvent("keyup", init));
  return handled;
}

function nativeUndo(document: Document): void {
  try {
    document.execCommand("undo");
  } catch {
    // Nothing to undo the browser's way.
  }
}

export async function undoInsertion(
  target: EditTarget,
  original: string,
  token: string,
): Promise<boolean> {
  if (isAsBefore(target, original, token)) return true;
  const element = target.kind === "text-control" ? target.element : target.host;
  element.focus();
  if (!offerUndoInput(element) && !offerUndoKey(element)) nativeUndo(element.ownerDocument);
  await waitUntil(
    () => isAsBefore(target, original, token),
    (back) => back,
    [50, 150, 300],
  );
  if (isAsBefore(target, original, token)) return true;
  if (target.kind !== "text-control") return false;
  // A text control the browser cannot undo: its value is ours to put back, as typing would.
  target.element.setRangeText(original, 0, target.element.value.length, "end");
  target.element.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText" }));
  return isAsBefore(target, original, token);
}
