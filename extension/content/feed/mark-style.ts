/** Inline styles of grypt's marks in the feed (inline, so a page's stylesheet cannot hide them). */

export type MarkState = "pending" | "decrypted" | "original" | "unread";

const STYLES: Record<MarkState, string> = {
  pending: "",
  decrypted:
    "background-color: rgba(46, 160, 67, 0.12); border-bottom: 1px solid rgba(46, 160, 67, 0.7); white-space: pre-wrap; cursor: pointer;",
  original:
    "background-color: rgba(46, 160, 67, 0.06); border-bottom: 1px dashed rgba(46, 160, 67, 0.7); cursor: pointer;",
  unread: "text-decoration: underline dotted rgba(128, 128, 128, 0.8);",
};

export function applyMarkStyle(element: HTMLElement, state: MarkState): void {
  element.style.cssText = STYLES[state];
}
