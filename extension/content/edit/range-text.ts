/**
 * The text of a DOM range inside an editor, paragraphs and <br>s as line breaks, and an image
 * as its alt text (editors show emoji as images): what the selection says, so nothing in it is
 * lost when it is replaced by its token.
 */
import { isBlockElement } from "../feed/element-kinds.ts";
import { type LineItem, linesToText } from "./selection-lines.ts";

const IGNORED_TAGS = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT"]);

export function rangeText(range: Range): string {
  return linesToText(rangeItems(range));
}

/** The whole text of an element, read the same way as a selection in it. */
export function elementText(element: Element): string {
  const range = element.ownerDocument.createRange();
  range.selectNodeContents(element);
  return rangeText(range);
}

function rangeItems(range: Range): LineItem[] {
  const items: LineItem[] = [];
  const root = range.commonAncestorContainer;
  if (root.nodeType === Node.TEXT_NODE) {
    items.push({
      kind: "text",
      text: (root as Text).data.slice(range.startOffset, range.endOffset),
    });
    return items;
  }
  visitChildren(root, range, items);
  return items;
}

function visitChildren(parent: Node, range: Range, items: LineItem[]): void {
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (!range.intersectsNode(node)) continue;
    if (node.nodeType === Node.TEXT_NODE) {
      const data = (node as Text).data;
      const start = node === range.startContainer ? range.startOffset : 0;
      const end = node === range.endContainer ? range.endOffset : data.length;
      items.push({ kind: "text", text: data.slice(start, end) });
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const element = node as Element;
    if (IGNORED_TAGS.has(element.tagName)) continue;
    if (element.tagName === "BR") {
      items.push({ kind: "br" });
      continue;
    }
    if (element.tagName === "IMG") {
      items.push({ kind: "text", text: element.getAttribute("alt") ?? "" });
      continue;
    }
    const block = isBlockElement(element);
    if (block) items.push({ kind: "block" });
    visitChildren(element, range, items);
    if (block) items.push({ kind: "block" });
  }
}
