/** The computed style of the text around a token, for its reading frame to take on. */
import type { ReaderStyle } from "../../messages/reader-messages.ts";

const MAX = 300;

export function readerStyleOf(element: Element): ReaderStyle {
  const style = element.ownerDocument.defaultView?.getComputedStyle(element);
  const get = (value: string | undefined, fallback: string) =>
    (value === undefined || value === "" ? fallback : value).slice(0, MAX);
  return {
    fontFamily: get(style?.fontFamily, "sans-serif"),
    fontSize: get(style?.fontSize, "16px"),
    fontWeight: get(style?.fontWeight, "400"),
    fontStyle: get(style?.fontStyle, "normal"),
    color: get(style?.color, "CanvasText"),
    lineHeight: get(style?.lineHeight, "normal"),
    letterSpacing: get(style?.letterSpacing, "normal"),
    direction: style?.direction === "rtl" ? "rtl" : "ltr",
  };
}

/** The line height in pixels, for a frame's height before it reports its own. */
export function lineHeightOf(element: Element): number {
  const style = element.ownerDocument.defaultView?.getComputedStyle(element);
  const line = Number.parseFloat(style?.lineHeight ?? "");
  if (Number.isFinite(line)) return Math.ceil(line);
  const size = Number.parseFloat(style?.fontSize ?? "");
  return Number.isFinite(size) ? Math.ceil(size * 1.3) : 20;
}
