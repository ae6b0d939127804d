/** Reading, saving and restoring the selection of an edit target. */
import type { EditTarget } from "./edit-target.ts";
import { elementText, splitAtRange } from "./range-text.ts";
import { tightOffsets, tightRange, withoutPlaceholders } from "./tight-selection.ts";

export type SelectionSnapshot =
  | { kind: "text-control"; start: number; end: number }
  | { kind: "contenteditable"; range: Range };

export interface FieldSelection {
  /** The selected text without editor placeholders: the plaintext ("" when only spaces). */
  text: string;
  /** The field's text before and after the selection, read the same way as the whole field. */
  before: string;
  after: string;
  /** The selection trimmed to its text (see tight-selection.ts), to replace. */
  snapshot: SelectionSnapshot;
}

function textControlSelection(
  element: HTMLTextAreaElement | HTMLInputElement,
): FieldSelection | null {
  const start = element.selectionStart ?? 0;
  const end = element.selectionEnd ?? start;
  if (start === end) return null;
  const { value } = element;
  const [from, to] = tightOffsets(value, start, end);
  return {
    text: value.slice(from, to),
    before: value.slice(0, from),
    after: value.slice(to),
    snapshot: { kind: "text-control", start: from, end: to },
  };
}

/** The selected text of the target, or null when nothing in it is selected. */
export function readFieldSelection(target: EditTarget): FieldSelection | null {
  if (target.kind === "text-control") return textControlSelection(target.element);
  const selection = target.host.ownerDocument.getSelection();
  if (selection === null || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!target.host.contains(range.startContainer) || !target.host.contains(range.endContainer))
    return null;
  const tight = tightRange(range) ?? range.cloneRange();
  const split = splitAtRange(target.host, tight);
  return {
    text: withoutPlaceholders(split.selected),
    before: split.before,
    after: split.after,
    snapshot: { kind: "contenteditable", range: tight },
  };
}

/**
 * The field's text on either side of what an insertion replaces (the selection as it is, or the
 * caret): what a token put there would touch. Empty sides when the field has no selection.
 */
export function insertionSides(target: EditTarget): { before: string; after: string } {
  if (target.kind === "text-control") {
    const { value, selectionStart, selectionEnd } = target.element;
    const start = selectionStart ?? value.length;
    return { before: value.slice(0, start), after: value.slice(selectionEnd ?? start) };
  }
  const selection = target.host.ownerDocument.getSelection();
  if (selection === null || selection.rangeCount === 0) return { before: "", after: "" };
  const range = selection.getRangeAt(0);
  if (!target.host.contains(range.startContainer) || !target.host.contains(range.endContainer))
    return { before: "", after: "" };
  const { before, after } = splitAtRange(target.host, range);
  return { before, after };
}

/** Selects the whole field, as when the user selects all in it. */
export function selectWholeField(target: EditTarget): void {
  if (target.kind === "text-control") {
    target.element.focus();
    target.element.setSelectionRange(0, target.element.value.length);
    return;
  }
  const { host } = target;
  host.focus();
  const selection = host.ownerDocument.getSelection();
  if (selection === null) return;
  const range = host.ownerDocument.createRange();
  range.selectNodeContents(host);
  selection.removeAllRanges();
  selection.addRange(range);
}

/** Puts a saved selection back unless it is still in place. Returns whether it had moved. */
export function restoreSelection(target: EditTarget, snapshot: SelectionSnapshot): boolean {
  if (snapshot.kind === "text-control" && target.kind === "text-control") {
    const { element } = target;
    if (element.ownerDocument.activeElement !== element) element.focus();
    if (element.selectionStart === snapshot.start && element.selectionEnd === snapshot.end)
      return false;
    element.setSelectionRange(snapshot.start, snapshot.end);
    return true;
  }
  if (snapshot.kind !== "contenteditable" || target.kind !== "contenteditable") return false;
  const { host } = target;
  if (host.ownerDocument.activeElement !== host) host.focus();
  const selection = host.ownerDocument.getSelection();
  if (selection === null) return false;
  const saved = snapshot.range;
  if (selection.rangeCount > 0) {
    const now = selection.getRangeAt(0);
    const same =
      now.startContainer === saved.startContainer &&
      now.startOffset === saved.startOffset &&
      now.endContainer === saved.endContainer &&
      now.endOffset === saved.endOffset;
    if (same) return false;
  }
  selection.removeAllRanges();
  selection.addRange(saved);
  return true;
}

/** The field's whole text (for counting characters and checking the result). */
export function fieldText(target: EditTarget): string {
  return target.kind === "text-control" ? target.element.value : elementText(target.host);
}
