/** Where the caret (or selection) of a field was when the composer opened, to insert there later. */
import type { EditTarget } from "../edit/edit-target.ts";
import type { SelectionSnapshot } from "../edit/field-selection.ts";

export function caretSnapshot(target: EditTarget): SelectionSnapshot | null {
  if (target.kind === "text-control") {
    const { element } = target;
    const end = element.selectionEnd ?? element.value.length;
    return { kind: "text-control", start: element.selectionStart ?? end, end };
  }
  const selection = target.host.ownerDocument.getSelection();
  if (selection === null || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  if (!target.host.contains(range.startContainer) || !target.host.contains(range.endContainer))
    return null;
  return { kind: "contenteditable", range: range.cloneRange() };
}

/** The element that takes the focus back for the insertion. */
export function fieldElement(target: EditTarget): HTMLElement {
  return target.kind === "text-control" ? target.element : target.host;
}
