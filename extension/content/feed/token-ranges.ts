/**
 * Maps tokens found in the concatenated text of a run of text nodes back to positions in
 * those nodes. Pure: the run is given as the nodes' strings, so this is tested without a DOM.
 */

/** A position inside one segment (text node) of a run. */
export interface SegmentPoint {
  segment: number;
  offset: number;
}

export interface SegmentRange<T> {
  start: SegmentPoint;
  end: SegmentPoint;
  item: T;
}

/** Anything with `start`/`end` indices (end exclusive) into `segments.join("")`. */
export interface TextSpan {
  start: number;
  end: number;
}

/**
 * For each span (sorted by start, not overlapping, as findPostTokens returns them), the
 * segment positions of its ends. A start at a segment boundary goes to the start of the next
 * non-empty segment; an end at a boundary stays at the end of the previous one, so a range
 * never takes in a neighbouring node it does not need.
 */
export function mapSpansToSegments<T extends TextSpan>(
  segments: readonly string[],
  spans: readonly T[],
): SegmentRange<T>[] {
  const starts: number[] = [];
  let total = 0;
  for (const text of segments) {
    starts.push(total);
    total += text.length;
  }
  const out: SegmentRange<T>[] = [];
  let segment = 0;
  for (const item of spans) {
    if (item.start < 0 || item.end > total || item.start >= item.end) continue;
    while (segment < segments.length && starts[segment]! + segments[segment]!.length <= item.start)
      segment++;
    const start = { segment, offset: item.start - starts[segment]! };
    let last = segment;
    while (starts[last]! + segments[last]!.length < item.end) last++;
    const end = { segment: last, offset: item.end - starts[last]! };
    out.push({ start, end, item });
    segment = last;
  }
  return out;
}
