/** What `grypt decrypt` sends a terminal: a member's post cannot drive the reader's terminal. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { inert } from "../../cli/commands/decrypt.ts";

test("control characters show as U+FFFD; tabs and line breaks stay", () => {
  assert.equal(
    inert("hi \u001b]0;PWNED\u0007 \u001b[2J end"),
    "hi \uFFFD]0;PWNED\uFFFD \uFFFD[2J end",
  );
  assert.equal(inert("C1 \u009b31m and DEL \u007f"), "C1 \uFFFD31m and DEL \uFFFD");
  assert.equal(inert("line one\r\n\tline two\n"), "line one\r\n\tline two\n");
  assert.equal(inert("émoji 😀 and ünïcode"), "émoji 😀 and ünïcode");
});
