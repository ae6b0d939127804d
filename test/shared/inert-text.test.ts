/** Untrusted text made inert: visible escapes for logs and admin output, U+FFFD on a terminal. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { escapeUnsafe, inertJson, inertLine, quoteName } from "../../shared/inert-text.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const RAW = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const hostile = "Eve\u009b2J\u001b]0;x\u0007\n\r\t\u007f\u2028\u202eevil\u2069";

test("escapeUnsafe shows every control and bidi character as a \\u{…} escape", () => {
  assert.equal(
    escapeUnsafe(hostile),
    "Eve\\u{9b}2J\\u{1b}]0;x\\u{7}\\u{a}\\u{d}\\u{9}\\u{7f}\\u{2028}\\u{202e}evil\\u{2069}",
  );
  assert.equal(escapeUnsafe("Zoë 😀 עברית"), "Zoë 😀 עברית");
});

test("quoteName quotes, so a name cannot pass for anything else, and escapes", () => {
  assert.equal(quoteName('say "hi" \\ \u009b'), '"say \\"hi\\" \\\\ \\u{9b}"');
  assert.doesNotMatch(quoteName(hostile), RAW);
});

test("inertLine replaces every unsafe character, line breaks and tabs too", () => {
  assert.equal(
    inertLine("a\u001b[2Jb\nc\u009bd\u202ee\tf"),
    "a\uFFFD[2Jb\uFFFDc\uFFFDd\uFFFDe\uFFFDf",
  );
  assert.equal(inertLine("Book club 😀"), "Book club 😀");
});

test("inertJson is the same JSON value with no unsafe character in its text", () => {
  const value = { name: hostile, n: 1 };
  const text = inertJson(value);
  assert.doesNotMatch(text, RAW);
  assert.deepEqual(JSON.parse(text), value);
  assert.match(text, /\\u009b/);
});
