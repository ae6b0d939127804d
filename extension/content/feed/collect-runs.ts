/** Walks a subtree of the page and returns its runs of text nodes (see text-runs.ts). */
import {
  isBlockElement,
  isBreakElement,
  isInsideSkipped,
  isSkippedElement,
} from "./element-kinds.ts";
import { groupTextRuns, type RunItem, type TextRun } from "./text-runs.ts";

const BREAK: RunItem<Text> = { kind: "break" };

/**
 * Runs of text under `root`, skipping editable areas, code and grypt's own marks; none when
 * `root` itself is in one (an editable body, a document in designMode).
 */
export function collectTextRuns(root: Node): TextRun<Text>[] {
  if (isInsideSkipped(root)) return [];
  const items: RunItem<Text>[] = [];
  if (root.nodeType === Node.TEXT_NODE)
    items.push({ kind: "text", node: root as Text, text: (root as Text).data });
  else walkChildren(root, items);
  return groupTextRuns(items);
}

function isBlock(node: Node): boolean {
  return node.nodeType === Node.ELEMENT_NODE && isBlockElement(node as Element);
}

/** Pre-order walk of root's descendants; entering and leaving a block element breaks the line. */
function walkChildren(root: Node, items: RunItem<Text>[]): void {
  let node: Node | null = root.firstChild;
  while (node !== null) {
    let descend = false;
    if (node.nodeType === Node.TEXT_NODE) {
      items.push({ kind: "text", node: node as Text, text: (node as Text).data });
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      const element = node as Element;
      if (isSkippedElement(element) || isBreakElement(element)) items.push(BREAK);
      else {
        if (isBlockElement(element)) items.push(BREAK);
        descend = element.firstChild !== null;
      }
    }
    if (descend) {
      node = node.firstChild;
      continue;
    }
    // Leave this node, and every ancestor it was the last child of, up to root.
    while (node !== null) {
      if (isBlock(node)) items.push(BREAK);
      const next: Node | null = node.nextSibling;
      if (next !== null) {
        node = next;
        break;
      }
      node = node.parentNode;
      if (node === root) node = null;
    }
  }
}
