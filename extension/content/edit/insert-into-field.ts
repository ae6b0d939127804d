/**
 * Replaces the selection of a field with text so that the site's own editor takes it as typed
 * input. Chromium's `execCommand("insertText")` changes the DOM and fires `input`, but no
 * `beforeinput`; editors that work from beforeinput (Lexical over a multi-paragraph selection)
 * would then undo the change. So a contenteditable first gets the `beforeinput` typing would
 * send, then, if no editor took that, the text as a paste: in Chromium, Draft.js (X's composer)
 * reads neither beforeinput nor execCommand's changes across blocks into its own state, but
 * pastes plain text into it (Firefox's content scripts cannot hand the page a paste's data, and
 * need not: there execCommand reaches Draft.js as typing). An editor that handles either event
 * cancels it; otherwise execCommand does the insertion. Text controls fall back to setRangeText
 * plus an `input` event (React's value tracker sees it).
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
    selection !== null && selection.rangeCount > 0
      ? [new StaticRange(selection.getRangeAt(0))]
      : [];
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

/**
 * Whether the page can read a DataTransfer this script fills. Not from Firefox's content scripts
 * (they see the page through Xray wrappers, `wrappedJSObject`): the data stays hidden from the
 * page. There execCommand reaches Draft.js as typing, across blocks too.
 */
function pageReadsOurData(view: Window | null): boolean {
  return view !== null && !("wrappedJSObject" in view);
}

/** Sends a paste of `text` as plain text; true when the editor took over (cancelled it). */
function offerPaste(host: HTMLElement, text: string): boolean {
  if (!pageReadsOurData(host.ownerDocument.defaultView)) return false;
  let clipboardData: DataTransfer;
  try {
    clipboardData = new DataTransfer();
    clipboardData.setData("text/plain", text);
  } catch {
    return false;
  }
  const event = new ClipboardEvent("paste", {
    clipboardData,
    bubbles: true,
    cancelable: true,
    composed: true,
  });
  return !host.dispatchEvent(event);
}

export function insertIntoField(
  target: EditTarget,
  text: string,
  snapshot: SelectionSnapshot | null,
): void {
  if (target.kind === "contenteditable") {
    if (!offerBeforeInput(target.host, text) && !offerPaste(target.host, text))
      execInsert(target.host.ownerDocument, text);
    return;
  }
  const { element } = target;
  if (execInsert(element.ownerDocument, text) && element.value.includes(text)) return;
  const start =
    snapshot?.kind === "text-control"
      ? snapshot.start
      : (element.selectionStart ?? element.value.length);
  const end = snapshot?.kind === "text-control" ? snapshot.end : (element.selectionEnd ?? start);
  element.setRangeText(text, start, end, "end");
  element.dispatchEvent(
    new InputEvent("input", { bubbles: true, inputType: "insertText", data: text }),
  );
}
