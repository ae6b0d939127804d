/** Which marks the page's own changes broke: it changed one of their text nodes, or removed some. */
import type { TokenMark } from "./token-mark.ts";

/** Each broken mark with the node the page changed (null when nodes were removed). */
export function findBrokenMarks(
  records: readonly MutationRecord[],
  marks: ReadonlySet<TokenMark>,
  byNode: WeakMap<Node, TokenMark>,
): Map<TokenMark, Node | null> {
  const broken = new Map<TokenMark, Node | null>();
  let removals = false;
  for (const record of records) {
    if (record.type === "characterData") {
      const mark = byNode.get(record.target);
      if (mark !== undefined && marks.has(mark)) broken.set(mark, record.target);
    } else if (record.removedNodes.length > 0) removals = true;
  }
  if (removals) for (const mark of marks) if (!broken.has(mark) && mark.isBroken) broken.set(mark, null);
  return broken;
}
