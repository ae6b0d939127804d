/**
 * Finds post tokens under a root and wraps each in a pending TokenMark, a few at a time: a scan
 * stops whenever `canMark` says so (the slice's time is up, or the page holds as many marks as
 * grypt tracks) and goes on from there when stepped again. A run's text is searched from its
 * end in chunks cut at white space (a token holds none), and its tokens are marked last first:
 * splitting a text node keeps the text before the split point in the node, so what is left to
 * search keeps its positions. A token whose text the page changed in between is not marked
 * (the change comes back as a mutation record, and its block is scanned anew).
 */
import { findPostTokens, isSkippable } from "../../../shared/find-post-tokens.ts";
import { collectTextRuns } from "./collect-runs.ts";
import type { TextRun } from "./text-runs.ts";
import { TokenMark } from "./token-mark.ts";
import { mapSpansToSegments, type SegmentRange } from "./token-ranges.ts";

/** About how much text one search covers. */
const CHUNK_CHARS = 4096;

/** Where the chunk ending at `end` starts: at a white space character, or at 0. */
function chunkStart(text: string, end: number): number {
  if (end <= CHUNK_CHARS) return 0;
  for (let i = end - CHUNK_CHARS; i > 0; i--) if (/\s/.test(text[i]!)) return i;
  return 0;
}

/** Whether the page's nodes still hold the token where it was found. */
function stillThere(run: TextRun<Text>, range: SegmentRange<{ text: string }>): boolean {
  let text = "";
  for (let s = range.start.segment; s <= range.end.segment; s++) {
    const node = run.nodes[s]!;
    if (!node.isConnected) return false;
    const from = s === range.start.segment ? range.start.offset : 0;
    const to = s === range.end.segment ? range.end.offset : node.length;
    text += node.data.slice(from, to);
  }
  let clean = "";
  for (let i = 0; i < text.length; i++) if (!isSkippable(text.charCodeAt(i))) clean += text[i];
  return clean === range.item.text;
}

interface RunState {
  run: TextRun<Text>;
  text: string;
  /** Tokens from here on are marked (or skipped); the search goes on before it. */
  end: number;
}

export class TokenScan {
  private runs: TextRun<Text>[] | null = null;
  private index = 0;
  private current: RunState | null = null;

  constructor(private readonly root: Node) {}

  /** Marks tokens while `canMark()` holds; true once every run of the root is done. */
  step(canMark: () => boolean, onMark: (mark: TokenMark) => void): boolean {
    if (this.runs === null) {
      if (!this.root.isConnected) return true;
      this.runs = collectTextRuns(this.root);
    }
    const document = this.root.ownerDocument ?? globalThis.document;
    for (;;) {
      if (this.current === null) {
        const run = this.runs[this.index++];
        if (run === undefined) return true;
        const text = run.texts.length === 1 ? run.texts[0]! : run.texts.join("");
        // Every token holds a colon: skip the bulk of the page's text cheaply.
        if (!text.includes(":")) continue;
        this.current = { run, text, end: text.length };
      }
      const state = this.current;
      while (state.end > 0) {
        if (!canMark()) return false;
        const cut = chunkStart(state.text, state.end);
        const found = findPostTokens(state.text.slice(cut, state.end)).map((token) => ({
          ...token,
          start: token.start + cut,
          end: token.end + cut,
        }));
        const ranges = mapSpansToSegments(state.run.texts, found);
        for (let i = ranges.length - 1; i >= 0; i--) {
          if (i < ranges.length - 1 && !canMark()) return false;
          const range = ranges[i]!;
          state.end = range.item.start;
          if (!stillThere(state.run, range)) continue;
          const { start, end } = range;
          const nodes = state.run.nodes.slice(start.segment, end.segment + 1);
          onMark(new TokenMark(nodes, start.offset, end.offset, range.item.text, document));
        }
        state.end = cut;
      }
      this.current = null;
    }
  }
}
