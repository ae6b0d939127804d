/**
 * The reading frame takes on the surrounding text's look: font, size, weight, colour, line
 * height, spacing and direction, each set through the CSSOM (a value the property does not
 * accept is dropped by the browser; nothing is parsed as a style sheet).
 */
import type { ReaderStyle } from "../messages/reader-messages.ts";

const PROPERTIES: [keyof ReaderStyle, string][] = [
  ["fontFamily", "font-family"],
  ["fontSize", "font-size"],
  ["fontWeight", "font-weight"],
  ["fontStyle", "font-style"],
  ["color", "color"],
  ["lineHeight", "line-height"],
  ["letterSpacing", "letter-spacing"],
];

export function applyReaderStyle(body: HTMLElement, style: ReaderStyle): void {
  for (const [key, property] of PROPERTIES) body.style.setProperty(property, style[key]);
  body.dir = style.direction;
}
