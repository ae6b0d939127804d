/** Turns mutation records into the subtrees worth scanning again. */
import { blockOf, isBlockElement, isInsideSkipped } from "./element-kinds.ts";

/**
 * The root to scan for a node that was added or whose text changed: the node itself when it is
 * a block element, else its enclosing block (a token may run across the node's edges). Null for
 * nodes in editable areas, code, or grypt's own marks.
 */
export function scanRootFor(node: Node): Node | null {
  if (node.nodeType !== Node.ELEMENT_NODE && node.nodeType !== Node.TEXT_NODE) return null;
  if (isInsideSkipped(node)) return null;
  if (node.nodeType === Node.ELEMENT_NODE && isBlockElement(node as Element)) return node;
  const parent = node.parentNode;
  if (parent === null) return null;
  return blockOf(parent) ?? parent;
}

export function addRecordRoots(records: readonly MutationRecord[], into: Set<Node>): void {
  for (const record of records) {
    // Text changed, or an element stopped being editable (contenteditable is the only attribute observed).
    if (record.type === "characterData" || record.type === "attributes") {
      const root = scanRootFor(record.target);
      if (root !== null) into.add(root);
      continue;
    }
    for (const node of record.addedNodes) {
      const root = scanRootFor(node);
      if (root !== null) into.add(root);
    }
  }
}

/** The connected roots not inside another root of the set (each subtree is scanned once). */
export function outermostRoots(roots: ReadonlySet<Node>): Node[] {
  const out: Node[] = [];
  for (const root of roots) {
    if (!root.isConnected) continue;
    let nested = false;
    for (let parent = root.parentNode; parent !== null; parent = parent.parentNode) {
      if (roots.has(parent)) {
        nested = true;
        break;
      }
    }
    if (!nested) out.push(root);
  }
  return out;
}
