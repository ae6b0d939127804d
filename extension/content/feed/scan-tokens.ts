/** Finds post tokens under a root and wraps each in a pending TokenMark. */
import { findPostTokens } from "../../../shared/find-post-tokens.ts";
import { collectTextRuns } from "./collect-runs.ts";
import { TokenMark } from "./token-mark.ts";
import { mapSpansToSegments } from "./token-ranges.ts";

export function scanForTokens(root: Node): TokenMark[] {
  const marks: TokenMark[] = [];
  const document = root.ownerDocument ?? globalThis.document;
  for (const run of collectTextRuns(root)) {
    const text = run.texts.length === 1 ? run.texts[0]! : run.texts.join("");
    // Every token holds a colon: skip the bulk of the page's text cheaply.
    if (!text.includes(":")) continue;
    const found = findPostTokens(text);
    if (found.length === 0) continue;
    const ranges = mapSpansToSegments(run.texts, found);
    // Last token first: splitting a text node keeps the text before the split point in the
    // node, so the positions of earlier tokens stay valid.
    for (let i = ranges.length - 1; i >= 0; i--) {
      const { start, end, item } = ranges[i]!;
      const nodes = run.nodes.slice(start.segment, end.segment + 1);
      marks.push(new TokenMark(nodes, start.offset, end.offset, item.text, document));
    }
  }
  return marks.reverse();
}
