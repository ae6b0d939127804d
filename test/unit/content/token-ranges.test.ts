/** Mapping tokens found in a run's joined text back onto the run's text nodes (no DOM needed). */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  mapSpansToSegments,
  type SegmentRange,
} from "../../../extension/content/feed/token-ranges.ts";
import { generateFernetKey, importFernetKey } from "../../../shared/fernet.ts";
import { type FoundToken, findPostTokens } from "../../../shared/find-post-tokens.ts";
import { encryptPost } from "../../../shared/post-token.ts";

/** The text a range covers, read back from the segments. */
function covered(segments: string[], range: SegmentRange<FoundToken>): string {
  const { start, end } = range;
  if (start.segment === end.segment)
    return segments[start.segment]!.slice(start.offset, end.offset);
  let text = segments[start.segment]!.slice(start.offset);
  for (let i = start.segment + 1; i < end.segment; i++) text += segments[i]!;
  return text + segments[end.segment]!.slice(0, end.offset);
}

function strip(text: string): string {
  return text.replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, "");
}

function ranges(segments: string[]): SegmentRange<FoundToken>[] {
  return mapSpansToSegments(segments, findPostTokens(segments.join("")));
}

describe("mapSpansToSegments", () => {
  let token = "";
  let other = "";
  before(async () => {
    const key = await importFernetKey(generateFernetKey());
    token = await encryptPost(key, "G7roup", 3, "hello group");
    other = await encryptPost(key, "G7roup", 4, "second post");
  });

  it("finds a token inside one text node", () => {
    const segments = ["look: ", token, " (via app)"];
    const [range, ...rest] = ranges([segments.join("")]);
    assert.equal(rest.length, 0);
    assert.deepEqual(range!.start, { segment: 0, offset: 6 });
    assert.deepEqual(range!.end, { segment: 0, offset: 6 + token.length });
  });

  it("maps a token split at every position across two nodes (a link or <wbr> boundary)", () => {
    for (let cut = 1; cut < token.length; cut++) {
      const segments = ["before ", token.slice(0, cut), token.slice(cut), " after"];
      const found = ranges(segments);
      assert.equal(found.length, 1, `cut at ${cut}`);
      const range = found[0]!;
      assert.deepEqual(range.start, { segment: 1, offset: 0 }, `cut at ${cut}`);
      assert.deepEqual(range.end, { segment: 2, offset: token.length - cut }, `cut at ${cut}`);
      assert.equal(covered(segments, range), token);
    }
  });

  it("starts at the next node and ends in the previous one at node boundaries", () => {
    const segments = ["text ", "", token, "", " more"];
    const [range] = ranges(segments);
    assert.deepEqual(range!.start, { segment: 2, offset: 0 });
    assert.deepEqual(range!.end, { segment: 2, offset: token.length });
  });

  it("spans invisible characters and many nodes, and keeps two tokens apart", () => {
    const withSoft = `${token.slice(0, 20)}\u00AD${token.slice(20, 50)}\u200B${token.slice(50)}`;
    const pieces = [
      withSoft.slice(0, 10),
      withSoft.slice(10, 21),
      withSoft.slice(21, 60),
      withSoft.slice(60),
    ];
    const segments = ["a ", ...pieces, " and ", other.slice(0, 30), other.slice(30), "!"];
    const found = ranges(segments);
    assert.equal(found.length, 2);
    assert.equal(found[0]!.item.text, token);
    assert.equal(strip(covered(segments, found[0]!)), token);
    assert.equal(covered(segments, found[0]!), withSoft);
    assert.equal(found[1]!.item.text, other);
    assert.equal(covered(segments, found[1]!), other);
    assert.deepEqual(found[1]!.start, { segment: 6, offset: 0 });
  });

  it("ignores spans outside the text and empty spans", () => {
    assert.deepEqual(mapSpansToSegments(["abc"], [{ start: 2, end: 9 }]), []);
    assert.deepEqual(mapSpansToSegments(["abc"], [{ start: 1, end: 1 }]), []);
    assert.deepEqual(mapSpansToSegments([], [{ start: 0, end: 1 }]), []);
  });
});
