/**
 * Marks that ended up inside an editable area after they were made: an element became
 * `contenteditable` (an editor switched from read-only to editable, "edit post"), or the page
 * moved nodes holding marks into an editor. Plaintext must never sit in an editor's DOM, where
 * the editor reads it into what the user is about to post: such marks are unwrapped.
 */
import { isInsideSkipped } from "./element-kinds.ts";
import type { MarkRegistry } from "./mark-registry.ts";
import type { TokenMark } from "./token-mark.ts";

export const EDITABLE_ATTRIBUTE = "contenteditable";

/** The tracked marks under subtrees these records made editable, or added inside an editor. */
export function marksMadeEditable(
  records: readonly MutationRecord[],
  marks: MarkRegistry,
): TokenMark[] {
  if (marks.size === 0) return [];
  const found = new Set<TokenMark>();
  const check = (root: Node): void => {
    if (root.nodeType !== Node.ELEMENT_NODE || !isInsideSkipped(root)) return;
    for (const mark of marks.under(root)) found.add(mark);
  };
  for (const record of records) {
    if (record.type === "attributes") check(record.target);
    else if (record.type === "childList") for (const node of record.addedNodes) check(node);
  }
  return [...found];
}
