/** A small, unobtrusive notice in the page's corner (text only), e.g. a length warning or an error. */
import { GRYPT_ATTRIBUTE } from "../feed/element-kinds.ts";

export type NoticeKind = "info" | "error";

const NOTICE_VALUE = "notice";

export function showNotice(document: Document, text: string, kind: NoticeKind): HTMLElement {
  for (const old of document.querySelectorAll(`[${GRYPT_ATTRIBUTE}="${NOTICE_VALUE}"]`))
    old.remove();
  const notice = document.createElement("div");
  notice.setAttribute(GRYPT_ATTRIBUTE, NOTICE_VALUE);
  notice.setAttribute("role", kind === "error" ? "alert" : "status");
  notice.dataset.kind = kind;
  notice.textContent = text;
  const style: Record<string, string> = {
    position: "fixed",
    right: "16px",
    bottom: "16px",
    "z-index": "2147483647",
    "max-width": "360px",
    padding: "8px 12px",
    "border-radius": "6px",
    font: "13px/1.4 system-ui, sans-serif",
    color: "#fff",
    "background-color": kind === "error" ? "#b3261e" : "#1f6f3a",
    "box-shadow": "0 2px 8px rgba(0, 0, 0, 0.3)",
    cursor: "pointer",
  };
  for (const [property, value] of Object.entries(style))
    notice.style.setProperty(property, value, "important");
  notice.addEventListener("click", () => notice.remove());
  (document.body ?? document.documentElement).append(notice);
  setTimeout(() => notice.remove(), kind === "error" ? 15_000 : 8_000);
  return notice;
}
