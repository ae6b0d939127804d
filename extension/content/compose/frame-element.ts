/**
 * The composer's iframe element in the site's page: the extension's web-accessible composer page
 * (cross-origin to the site, so the page cannot read its document), styled with !important so a
 * page's CSS cannot restyle it by accident.
 */
import { GRYPT_ATTRIBUTE } from "../feed/element-kinds.ts";
import type { Box } from "./frame-position.ts";

export const COMPOSER_VALUE = "private-composer";

const BASE_STYLE: Record<string, string> = {
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
  opacity: "1",
  transform: "none",
  "clip-path": "none",
};

export function createComposerFrame(document: Document, src: string): HTMLIFrameElement {
  const frame = document.createElement("iframe");
  frame.setAttribute(GRYPT_ATTRIBUTE, COMPOSER_VALUE);
  frame.setAttribute("title", "grypt: write privately");
  frame.src = src;
  return frame;
}

/**
 * Sets the frame's whole style: where it goes, and whether it is shown (not before its document
 * has loaded). Run again whenever the page changes the style, so nothing the page set stays.
 */
export function styleFrame(frame: HTMLIFrameElement, box: Box, shown: boolean): void {
  const style: Record<string, string> = {
    ...BASE_STYLE,
    top: `${box.top}px`,
    left: `${box.left}px`,
    width: `${box.width}px`,
    height: `${box.height}px`,
    visibility: shown ? "visible" : "hidden",
  };
  frame.removeAttribute("style");
  for (const [property, value] of Object.entries(style))
    frame.style.setProperty(property, value, "important");
}
