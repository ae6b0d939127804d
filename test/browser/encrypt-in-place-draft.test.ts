/**
 * Encrypt in place in a real Draft.js editor (X's composer is one), in real Chromium: Draft's
 * own state must hold the token, as the site would post it, not only the DOM. Each token is
 * decrypted in the feed to prove it holds exactly the selected text. Firefox's side is in
 * firefox-editors.test.ts.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { PUT_BACK_TEXT } from "../../extension/content/edit/edit-errors.ts";
import {
  type MemberSession,
  sendToTab,
  startMemberSession,
} from "../fixtures/social-site/member-session.ts";
import {
  encryptHere,
  type Outcome,
  readBack,
  selectAcrossBlocks,
  typeParagraphs,
  WAIT,
} from "./helpers/in-place-steps.ts";

const EDITOR = "#draft-root [contenteditable=true]";
/** The Draft.js editor that links a pasted URL over a selection, as WordPress's block editor does. */
const LINKING = "#draft-links-root [contenteditable=true]";

/** Empty the editor, then type lines with Enter between them; wait until Draft's state holds them. */
async function typeLines(page: Page, lines: string[]): Promise<void> {
  await page.click(EDITOR);
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await typeParagraphs(page, EDITOR, lines);
  await page.waitForFunction(
    (expected) => JSON.stringify(window.__draftParagraphs()) === expected,
    JSON.stringify(lines),
    WAIT,
  );
}

/** Select from (block a, offset) to (block b, offset) in Draft's DOM; wait until Draft's own selection holds `expected`. */
async function selectInDraft(
  page: Page,
  from: [number, number],
  to: [number, number],
  expected: string,
): Promise<void> {
  await selectAcrossBlocks(page, EDITOR, '[data-block="true"]', from, to);
  await page.waitForFunction((text) => window.__draftSelectedText() === text, expected, {
    timeout: 5_000,
  });
}

describe("encrypt in place in Draft.js", { timeout: 300_000 }, () => {
  let session: MemberSession;
  let page: Page;
  before(async () => {
    // The page's own text: these tests follow grypt's work in the page's DOM.
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

  it("replaces a selection inside one block, in Draft's own state", async () => {
    await typeLines(page, ["keep this secret words and this"]);
    await selectInDraft(page, [0, 10], [0, 22], "secret words");
    const token = await encryptHere(session, page);
    assert.deepEqual(await page.evaluate(() => window.__draftParagraphs()), [
      `keep this ${token} and this`,
    ]);
    assert.equal(await readBack(page, token), "secret words");
  });

  it("replaces a selection across blocks, in Draft's own state", async () => {
    await typeLines(page, ["first para", "second para", "third para"]);
    await selectInDraft(page, [0, 6], [2, 6], "para\nsecond para\nthird ");
    const token = await encryptHere(session, page);
    assert.deepEqual(await page.evaluate(() => window.__draftParagraphs()), [
      `first ${token} para`,
    ]);
    assert.equal(await readBack(page, token), "para\nsecond para\nthird");
  });

  it("inserts a token from the popup composer at the caret, in Draft's own state", async () => {
    const token = await session.encrypt("from the composer");
    await page.bringToFront();
    await typeLines(page, ["before: "]);
    await session.ui({ type: "insert-into-tab", text: token });
    await page.waitForFunction(
      (text) => window.__draftParagraphs()[0]?.endsWith(text),
      token,
      WAIT,
    );
    assert.deepEqual(await page.evaluate(() => window.__draftParagraphs()), [`before: ${token}`]);
  });

  it("puts words back unlinked when the editor turns the token into a link (Gutenberg's paste rule)", async () => {
    await page.click(LINKING);
    await page.keyboard.type("keep these secret words here");
    await page.waitForFunction(
      () => window.__draftLinks().paragraphs[0] === "keep these secret words here",
      undefined,
      WAIT,
    );
    // Every link the editor ever shows, so the test knows the paste rule did fire.
    await page.evaluate(() => {
      const seen: string[] = [];
      Object.assign(window, { __linksSeen: seen });
      const root = document.querySelector("#draft-links-root")!;
      new MutationObserver(() => {
        for (const a of root.querySelectorAll("a[href]")) seen.push(a.getAttribute("href")!);
      }).observe(root, { subtree: true, childList: true, attributes: true });
    });
    await selectAcrossBlocks(page, LINKING, '[data-block="true"]', [0, 11], [0, 23]);
    await page.waitForFunction(
      () => getSelection()?.toString() === "secret words",
      undefined,
      WAIT,
    );
    const outcome = (await sendToTab(session, page, { type: "encrypt-in-place" })) as Outcome;
    assert.deepEqual(outcome, {
      type: "failure",
      error: { code: "INTERNAL", message: PUT_BACK_TEXT },
    });
    const linked = await page.evaluate(
      () => (window as unknown as { __linksSeen: string[] }).__linksSeen,
    );
    assert.ok(
      linked.some((href) => href.startsWith("grypt:")),
      `the editor linked the token: ${JSON.stringify(linked)}`,
    );
    // Draft's own state, as the site would post it: the words, unlinked, nothing else.
    assert.deepEqual(await page.evaluate(() => window.__draftLinks()), {
      paragraphs: ["keep these secret words here"],
      links: [],
    });
    assert.equal(await page.locator("#draft-links-root a[href]").count(), 0);
  });

  it("encrypts everything when nothing is selected", async () => {
    await typeLines(page, ["only", "these"]);
    const token = await encryptHere(session, page);
    assert.deepEqual(await page.evaluate(() => window.__draftParagraphs()), [token]);
    assert.equal(await readBack(page, token), "only\nthese");
  });
});

declare global {
  interface Window {
    __draftParagraphs(): string[];
    __draftSelectedText(): string;
    __draftLinks(): { paragraphs: string[]; links: string[] };
  }
}
