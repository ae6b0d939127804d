/** The pure parts of encrypting in place: trimming, token spacing, split text and the after-check. */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  checkInPlace,
  type ExpectedField,
} from "../../../extension/content/edit/check-in-place.ts";
import { linesToMarkedText } from "../../../extension/content/edit/selection-lines.ts";
import {
  tightOffsets,
  withoutPlaceholders,
} from "../../../extension/content/edit/tight-selection.ts";
import { spacedToken, tokenSpacing } from "../../../extension/content/edit/token-spacing.ts";
import { generateFernetKey, importFernetKey } from "../../../shared/fernet.ts";
import { encryptPost } from "../../../shared/post-token.ts";

/** A real post token (the after-check asks the feed's finder to find it). */
let TOKEN = "";
before(async () => {
  TOKEN = await encryptPost(await importFernetKey(generateFernetKey()), "Abc", 1, "secret");
});

function expect(before: string, selected: string, after: string): ExpectedField {
  const inserted = spacedToken(TOKEN, tokenSpacing(before, after));
  return { before, selected, after, inserted, token: TOKEN };
}

describe("tightOffsets", () => {
  it("leaves a textarea's line break out of a triple-clicked line", () => {
    const value = "first para\nsecond para";
    assert.deepEqual(tightOffsets(value, 0, 11), [0, 10]);
  });
  it("drops spaces and placeholders at both ends, and keeps them inside", () => {
    assert.deepEqual(tightOffsets(" \uFEFFa b\u200B ", 0, 7), [2, 5]);
  });
  it("collapses a selection of spaces only", () => {
    const [from, to] = tightOffsets("a   b", 1, 4);
    assert.equal(from, to);
  });
});

describe("tokenSpacing", () => {
  it("asks for a space next to letters or digits, on that side only", () => {
    assert.deepEqual(tokenSpacing("pl", "il"), { before: true, after: true });
    assert.deepEqual(tokenSpacing("say ", "9"), { before: false, after: true });
    assert.deepEqual(tokenSpacing("é", "."), { before: true, after: false });
    assert.deepEqual(tokenSpacing("", ""), { before: false, after: false });
    assert.deepEqual(tokenSpacing("a\n", "\uFEFF"), { before: false, after: false });
  });
  it("puts the spaces around the token", () => {
    assert.equal(spacedToken(TOKEN, { before: true, after: false }), ` ${TOKEN}`);
  });
});

describe("linesToMarkedText", () => {
  it("places marks at block starts after the line break", () => {
    const { text, marks } = linesToMarkedText([
      { kind: "block" },
      { kind: "text", text: "one" },
      { kind: "block" },
      { kind: "block" },
      { kind: "mark" },
      { kind: "text", text: "two" },
      { kind: "mark" },
      { kind: "block" },
    ]);
    assert.equal(text, "one\ntwo");
    assert.deepEqual(marks, [4, 7]);
  });
});

describe("checkInPlace", () => {
  it("accepts exactly the field with the selection replaced", () => {
    const want = expect("keep ", "secret", " keep\nnext");
    assert.equal(checkInPlace(want, `keep ${TOKEN} keep\nnext`), "ok");
    assert.equal(checkInPlace(expect("pl", "ain", "il"), `pl ${TOKEN} il`), "ok");
  });
  it("refuses a token glued to the next paragraph (a line break lost)", () => {
    const want = expect("", "first para", "\nsecond para");
    assert.equal(checkInPlace(want, `${TOKEN}second para`), "changed");
  });
  it("compares like with like: placeholders and no-break spaces are not changes", () => {
    const want = expect("", "one\n\nthree", "");
    assert.equal(checkInPlace(want, `\uFEFF${TOKEN}`), "ok");
    assert.equal(checkInPlace(expect("a ", "b", ""), `a\u00a0${TOKEN}`), "ok");
    assert.equal(withoutPlaceholders("one\n\uFEFF\nthree"), "one\n\nthree");
  });
  it("tells a token missing, doubled, or next to the old text", () => {
    const want = expect("say ", "secret", "");
    assert.equal(checkInPlace(want, "say secret"), "missing");
    assert.equal(checkInPlace(want, `say ${TOKEN}${TOKEN}`), "duplicated");
    assert.equal(checkInPlace(want, `say secret${TOKEN}`), "old-text-left");
    assert.equal(checkInPlace(want, `${TOKEN}`), "changed");
  });
});
