/** Inline styles of grypt's marks in the feed (inline, so a page's stylesheet cannot hide them). */

export type MarkState = "pending" | "decrypted" | "original" | "unread";
/** A decrypted mark holding a reading frame: the frame draws its own mark. */
type MarkLook = MarkState | "framed";

const STYLES: Record<MarkLook, string> = {
  framed: "",
  pending: "",
  decrypted:
    "background-color: rgba(46, 160, 67, 0.12); border-bottom: 1px solid rgba(46, 160, 67, 0.7); white-space: pre-wrap; cursor: pointer;",
  original:
    "background-color: rgba(46, 160, 67, 0.06); border-bottom: 1px dashed rgba(46, 160, 67, 0.7); cursor: pointer;",
  unread: "text-decoration: underline dotted rgba(128, 128, 128, 0.8);",
};

export function applyMarkStyle(element: HTMLElement, state: MarkLook): void {
  element.style.cssText = STYLES[state];
}
