/** Which marks the page's own changes broke: it changed one of their text nodes, or removed some. */
import type { MarkRegistry } from "./mark-registry.ts";
import type { TokenMark } from "./token-mark.ts";

/** Each broken mark with the node the page changed (null when nodes were removed). */
export function findBrokenMarks(
  records: readonly MutationRecord[],
  marks: MarkRegistry,
): Map<TokenMark, Node | null> {
  const broken = new Map<TokenMark, Node | null>();
  let removals = false;
  for (const record of records) {
    if (record.type === "characterData") {
      // Every mark on this node: several tokens in one text node share it.
      for (const mark of marks.ofNode(record.target)) broken.set(mark, record.target);
    } else if (record.type === "childList" && record.removedNodes.length > 0) removals = true;
  }
  if (removals)
    for (const mark of marks) if (!broken.has(mark) && mark.isBroken) broken.set(mark, null);
  return broken;
}
