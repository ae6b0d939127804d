/**
 * The visible state of a page holding more tokens than grypt tracks (a page can plant thousands
 * of forged ones to freeze a member's tab): one quiet notice in a corner of the page, saying
 * that more grypt posts are on the page than grypt shows. The tokens past the cap stay as the
 * page wrote them. The notice is grypt's own element (skipped by the scanner); text only.
 */
import { GRYPT_ATTRIBUTE } from "./element-kinds.ts";

/** The most tokens grypt tracks in one page at a time (marks the page detached are released first). */
export const MAX_MARKS_PER_PAGE = 1000;

export const OVERFLOW_TEXT = `grypt: more grypt posts on this page than it shows at once (${MAX_MARKS_PER_PAGE}); the rest are not shown. Click to hide.`;

const STYLE =
  "position: fixed; right: 8px; bottom: 8px; z-index: 2147483647; max-width: 320px; padding: 6px 10px; font: 12px/1.4 system-ui, sans-serif; color: #1f2328; background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; cursor: pointer;";

export class OverflowNotice {
  private element: HTMLElement | null = null;
  private dismissed = false;

  constructor(private readonly document: Document) {}

  show(): void {
    if (this.dismissed || this.element?.isConnected) return;
    const element = this.document.createElement("div");
    element.setAttribute(GRYPT_ATTRIBUTE, "overflow");
    element.setAttribute("role", "status");
    element.style.cssText = STYLE;
    element.textContent = OVERFLOW_TEXT;
    element.addEventListener(
      "click",
      () => {
        this.dismissed = true;
        element.remove();
      },
      { once: true },
    );
    this.document.documentElement.append(element);
    this.element = element;
  }

  remove(): void {
    this.element?.remove();
    this.element = null;
  }
}
