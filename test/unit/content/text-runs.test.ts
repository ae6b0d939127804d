/** Grouping text nodes into runs, and selection content into lines (pure, no DOM). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type LineItem, linesToText } from "../../../extension/content/edit/selection-lines.ts";
import { groupTextRuns, type RunItem } from "../../../extension/content/feed/text-runs.ts";

const text = (node: string): RunItem<string> => ({ kind: "text", node, text: node });
const BREAK: RunItem<string> = { kind: "break" };

describe("groupTextRuns", () => {
  it("joins neighbouring text and splits at breaks", () => {
    const runs = groupTextRuns([BREAK, text("a"), text("b"), BREAK, BREAK, text("c"), BREAK]);
    assert.deepEqual(
      runs.map((run) => run.texts),
      [["a", "b"], ["c"]],
    );
    assert.deepEqual(runs[0]!.nodes, ["a", "b"]);
  });

  it("drops empty text nodes and returns nothing for no text", () => {
    assert.deepEqual(groupTextRuns([text(""), BREAK]), []);
    assert.deepEqual(
      groupTextRuns([text("x"), text(""), text("y")]).map((run) => run.texts),
      [["x", "y"]],
    );
  });
});

const t = (value: string): LineItem => ({ kind: "text", text: value });
const br: LineItem = { kind: "br" };
const block: LineItem = { kind: "block" };

describe("linesToText", () => {
  it("makes each paragraph a line", () => {
    assert.equal(linesToText([block, t("one"), block, block, t("two"), block]), "one\ntwo");
  });

  it("keeps an empty paragraph (<p><br></p>) as an empty line", () => {
    assert.equal(
      linesToText([block, t("a"), block, block, br, block, block, t("b"), block]),
      "a\n\nb",
    );
  });

  it("ignores a <br> that only closes a paragraph's last line", () => {
    assert.equal(linesToText([block, t("a"), br, block, block, t("b"), br, block]), "a\nb");
  });

  it("breaks lines at <br> inside a paragraph and joins inline pieces", () => {
    assert.equal(linesToText([t("x"), t("y"), br, t("z")]), "xy\nz");
    assert.equal(linesToText([t("a"), br, br, t("b")]), "a\n\nb");
  });

  it("gives nothing for nothing", () => {
    assert.equal(linesToText([]), "");
    assert.equal(linesToText([block, block]), "");
  });
});
