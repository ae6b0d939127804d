/**
 * The text of a DOM range inside an editor, paragraphs and <br>s as line breaks, and an image
 * as its alt text (editors show emoji as images): what the selection says, so nothing in it is
 * lost when it is replaced by its token. The whole field can be read the same way, split at a
 * range, so that what is checked after a replacement is compared like with like.
 */
import { isBlockElement } from "../feed/element-kinds.ts";
import { type LineItem, linesToMarkedText, linesToText } from "./selection-lines.ts";

const IGNORED_TAGS = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT"]);

/** A field's text cut at a range: before it, in it, after it. */
export interface SplitText {
  before: string;
  selected: string;
  after: string;
}

export function rangeText(range: Range): string {
  const items: LineItem[] = [];
  const root = range.commonAncestorContainer;
  if (root.nodeType === Node.TEXT_NODE) {
    const text = (root as Text).data.slice(range.startOffset, range.endOffset);
    return linesToText([{ kind: "text", text }]);
  }
  visitChildren(root, { within: range }, items);
  return linesToText(items);
}

/** The whole text of an element, read the same way as a selection in it. */
export function elementText(element: Element): string {
  const items: LineItem[] = [];
  visitChildren(element, {}, items);
  return linesToText(items);
}

/** The whole text of `host`, cut at `range` (which lies inside it). */
export function splitAtRange(host: Element, range: Range): SplitText {
  const items: LineItem[] = [];
  visitChildren(host, { marks: range }, items);
  const { text, marks } = linesToMarkedText(items);
  const start = marks[0] ?? text.length;
  const end = Math.max(start, marks[1] ?? start);
  return { before: text.slice(0, start), selected: text.slice(start, end), after: text.slice(end) };
}

interface Visit {
  /** Only the part inside this range is read. */
  within?: Range;
  /** Mark items are put at this range's start and end. */
  marks?: Range;
}

function markPoint(visit: Visit, node: Node, offset: number, items: LineItem[]): void {
  const range = visit.marks;
  if (range === undefined) return;
  if (range.startContainer === node && range.startOffset === offset) items.push({ kind: "mark" });
  if (range.endContainer === node && range.endOffset === offset) items.push({ kind: "mark" });
}

function visitText(node: Text, visit: Visit, items: LineItem[]): void {
  const data = node.data;
  const { within, marks } = visit;
  if (within !== undefined) {
    const start = node === within.startContainer ? within.startOffset : 0;
    const end = node === within.endContainer ? within.endOffset : data.length;
    items.push({ kind: "text", text: data.slice(start, end) });
    return;
  }
  if (marks === undefined) {
    items.push({ kind: "text", text: data });
    return;
  }
  const cuts = [0, data.length];
  if (marks.startContainer === node) cuts.push(marks.startOffset);
  if (marks.endContainer === node) cuts.push(marks.endOffset);
  const points = [...new Set(cuts)].sort((a, b) => a - b);
  for (const [index, point] of points.entries()) {
    const previous = points[index - 1];
    if (previous !== undefined) items.push({ kind: "text", text: data.slice(previous, point) });
    markPoint(visit, node, point, items);
  }
}

function visitChildren(parent: Node, visit: Visit, items: LineItem[]): void {
  let index = 0;
  for (let node = parent.firstChild; node !== null; node = node.nextSibling, index++) {
    markPoint(visit, parent, index, items);
    if (visit.within !== undefined && !visit.within.intersectsNode(node)) continue;
    if (node.nodeType === Node.TEXT_NODE) {
      visitText(node as Text, visit, items);
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
    visitChildren(element, visit, items);
    if (block) items.push({ kind: "block" });
  }
  markPoint(visit, parent, index, items);
}
