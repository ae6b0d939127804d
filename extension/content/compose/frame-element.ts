/**
 * The composer's iframe element in the site's page: the extension's web-accessible composer page
 * (cross-origin to the site, so the page cannot read its document), styled with !important so a
 * page's CSS cannot restyle it by accident.
 */
import { GRYPT_ATTRIBUTE } from "../feed/element-kinds.ts";
import type { Box } from "./frame-position.ts";

export const COMPOSER_VALUE = "private-composer";

export function createComposerFrame(document: Document, src: string): HTMLIFrameElement {
  const frame = document.createElement("iframe");
  frame.setAttribute(GRYPT_ATTRIBUTE, COMPOSER_VALUE);
  frame.setAttribute("title", "grypt: write privately");
  frame.setAttribute("allowtransparency", "true");
  const style: Record<string, string> = {
    position: "fixed",
    "z-index": "2147483647",
    border: "0",
    margin: "0",
    padding: "0",
    "border-radius": "8px",
    "box-shadow": "0 4px 16px rgba(0, 0, 0, 0.25)",
    "color-scheme": "normal",
    background: "transparent",
    display: "block",
    visibility: "visible",
    opacity: "1",
  };
  for (const [property, value] of Object.entries(style))
    frame.style.setProperty(property, value, "important");
  frame.src = src;
  return frame;
}

export function placeFrame(frame: HTMLIFrameElement, box: Box): void {
  frame.style.setProperty("top", `${box.top}px`, "important");
  frame.style.setProperty("left", `${box.left}px`, "important");
  frame.style.setProperty("width", `${box.width}px`, "important");
  frame.style.setProperty("height", `${box.height}px`, "important");
}
