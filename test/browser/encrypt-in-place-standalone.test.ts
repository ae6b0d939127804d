/**
 * Encrypt in place leaves the token standing alone, in real Chromium and the fixture's real
 * editors (textarea, React textarea, plain contenteditable, Lexical, ProseMirror, Draft.js,
 * Quill 2, Slate): a paragraph selected by a real triple-click (Chromium ends that selection at
 * the start of the next block, or after the textarea's line break) is replaced without the
 * break; a selection that starts and ends inside words gets separating spaces, and says so.
 * Each field's own model is read back, and the feed's finder must find exactly the token in it.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { findPostTokens } from "../../shared/find-post-tokens.ts";
import { type MemberSession, startMemberSession } from "../fixtures/social-site/member-session.ts";
import { EDITOR_FIELDS, fillField, firstLinePoint } from "./helpers/editor-fields.ts";
import { encryptHere, readBack, WAIT } from "./helpers/in-place-steps.ts";

/** Asserts that the feed's finder finds exactly `token` in `text`. */
function assertFindsOnly(text: string, token: string): void {
  assert.deepEqual(
    findPostTokens(text).map((found) => found.text),
    [token],
    `the feed does not find the token alone in ${JSON.stringify(text)}`,
  );
}

describe("encrypt in place: the token stands alone", { timeout: 600_000 }, () => {
  let session: MemberSession;
  let page: Page;
  before(async () => {
    session = await startMemberSession({ readInPage: true });
    page = await session.openSite([]);
    await page.waitForFunction(
      () => document.documentElement.dataset.draftReady === "true",
      undefined,
      WAIT,
    );
  });
  after(async () => {
    await session?.close();
  });

  for (const field of EDITOR_FIELDS) {
    it(`a paragraph selected by triple-click in ${field.name} is replaced without its line break`, async () => {
      await fillField(page, field, ["first para here", "second para here"]);
      const { x, y } = await firstLinePoint(page, field);
      await page.mouse.click(x, y, { clickCount: 3 });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const token = await encryptHere(session, page);
      const text = await field.read(page);
      assert.equal(text, `${token}\nsecond para here`);
      assertFindsOnly(text, token);
      assert.equal(await readBack(page, token), "first para here");
    });
  }

  for (const field of EDITOR_FIELDS) {
    it(`a selection inside words in ${field.name} gets separating spaces, and says so`, async () => {
      await fillField(page, field, ["plain bold tail"]);
      await selectOffsets(page, field.name, 2, 13);
      const token = await encryptHere(session, page);
      const text = await field.read(page);
      assert.equal(text, `pl ${token} il`);
      assertFindsOnly(text, token);
      assert.match((await page.textContent('[data-grypt="notice"]')) ?? "", /put a space/);
      assert.equal(await readBack(page, token), "ain bold ta");
    });
  }
});

/** Selects [from, to) of the field's single line: a text control's offsets, else its first text node's. */
async function selectOffsets(page: Page, name: string, from: number, to: number): Promise<void> {
  const field = EDITOR_FIELDS.find((candidate) => candidate.name === name)!;
  if (name === "Quill") {
    await page.evaluate(([a, b]) => window.__quillSelect(a!, b! - a!), [from, to]);
  } else {
    await page.$eval(
      field.selector,
      (node, [a, b]) => {
        if (node instanceof HTMLTextAreaElement) return node.setSelectionRange(a!, b!);
        const text = document.createTreeWalker(node, NodeFilter.SHOW_TEXT).nextNode()!;
        const range = document.createRange();
        range.setStart(text, a!);
        range.setEnd(text, b!);
        document.getSelection()!.removeAllRanges();
        document.getSelection()!.addRange(range);
      },
      [from, to],
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}

declare global {
  interface Window {
    __quillSelect(index: number, length: number): void;
  }
}
