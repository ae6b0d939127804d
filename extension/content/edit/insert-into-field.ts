/**
 * Replaces the selection of a field with text so that the site's own editor takes it as typed
 * input. Chromium's `execCommand("insertText")` changes the DOM and fires `input`, but no
 * `beforeinput`; editors that work from beforeinput (Lexical over a multi-paragraph selection)
 * would then undo the change. So a contenteditable first gets the `beforeinput` typing would
 * send: an editor that handles it cancels it, and otherwise execCommand does the insertion.
 * Text controls fall back to setRangeText plus an `input` event (React's value tracker sees it).
 */
import type { EditTarget } from "./edit-target.ts";
import type { SelectionSnapshot } from "./field-selection.ts";

function execInsert(document: Document, text: string): boolean {
  try {
    return document.execCommand("insertText", false, text);
  } catch {
    return false;
  }
}

/** Sends typing's `beforeinput`; true when the editor took over (cancelled it). */
function offerBeforeInput(host: HTMLElement, text: string): boolean {
  const selection = host.ownerDocument.getSelection();
  const targetRanges =
    selection !== null && selection.rangeCount > 0 ? [new StaticRange(selection.getRangeAt(0))] : [];
  const event = new InputEvent("beforeinput", {
    inputType: "insertText",
    data: text,
    bubbles: true,
    cancelable: true,
    composed: true,
    targetRanges,
  });
  return !host.dispatchEvent(event);
}

export function insertIntoField(target: EditTarget, text: string, snapshot: SelectionSnapshot | null): void {
  if (target.kind === "contenteditable") {
    if (!offerBeforeInput(target.host, text)) execInsert(target.host.ownerDocument, text);
    return;
  }
  const { element } = target;
  if (execInsert(element.ownerDocument, text) && element.value.includes(text)) return;
  const start = snapshot?.kind === "text-control" ? snapshot.start : (element.selectionStart ?? element.value.length);
  const end = snapshot?.kind === "text-control" ? snapshot.end : (element.selectionEnd ?? start);
  element.setRangeText(text, start, end, "end");
  element.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: text }));
}
