/**
 * Groups text nodes, in document order, into runs whose text reads as one line of a post:
 * consecutive text with nothing that breaks the line (a <br>, an image, a skipped element, the
 * start or end of a block element) in between. Tokens are looked for per run, so a token split
 * by a link, <wbr> or other inline markup is found whole. Pure over a stream of items.
 */

export type RunItem<N> = { kind: "text"; node: N; text: string } | { kind: "break" };

export interface TextRun<N> {
  nodes: N[];
  texts: string[];
}

export function groupTextRuns<N>(items: Iterable<RunItem<N>>): TextRun<N>[] {
  const runs: TextRun<N>[] = [];
  let current: TextRun<N> | null = null;
  for (const item of items) {
    if (item.kind === "break") {
      current = null;
      continue;
    }
    if (item.text.length === 0) continue;
    if (current === null) {
      current = { nodes: [], texts: [] };
      runs.push(current);
    }
    current.nodes.push(item.node);
    current.texts.push(item.text);
  }
  return runs;
}
