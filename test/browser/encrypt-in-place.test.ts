/**
 * Encrypt in place in real Chromium: the background's `encrypt-in-place` request reaches the
 * content script, which encrypts the selection through the real background and replaces it
 * through each editor's own input handling. Each editor's own state is read back; the token is
 * then decrypted in the feed to prove it holds exactly the selected text.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
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

/**
 * Selects from (paragraph a, offset) to (paragraph b, offset) inside an editor and waits until
 * the editor's own selection (read by `hook`) holds `expected`.
 */
async function selectInEditor(
  page: Page,
  selector: string,
  from: [number, number],
  to: [number, number],
  hook: "__lexicalSelectedText" | "__prosemirrorSelectedText",
  expected: string,
): Promise<void> {
  await selectAcrossBlocks(page, selector, "p", from, to);
  await page.waitForFunction(
    ({ hook, expected }) => window[hook]() === expected,
    { hook, expected },
    { timeout: 5_000 },
  );
}

describe("encrypt in place", { timeout: 300_000 }, () => {
  let session: MemberSession;
  let page: Page;
  before(async () => {
    // The page's own text: these tests follow grypt's work in the page's DOM.
    session = await startMemberSession({ readInPage: true });
    page = await session.openSite([]);
  });
  after(async () => {
    await session?.close();
  });

  it("replaces a partial selection in a textarea", async () => {
    await page.click("#plain-textarea");
    await page.keyboard.type("keep this secret words and this");
    await page.$eval("#plain-textarea", (node) =>
      (node as HTMLTextAreaElement).setSelectionRange(10, 22),
    );
    const token = await encryptHere(session, page);
    assert.equal(
      await page.$eval("#plain-textarea", (node) => (node as HTMLTextAreaElement).value),
      `keep this ${token} and this`,
    );
    assert.equal(await readBack(page, token), "secret words");
  });

  it("encrypts a whole input when nothing is selected", async () => {
    await page.click("#plain-input");
    await page.keyboard.type("the whole line");
    const token = await encryptHere(session, page);
    assert.equal(
      await page.$eval("#plain-input", (node) => (node as HTMLInputElement).value),
      token,
    );
    assert.equal(await readBack(page, token), "the whole line");
  });

  it("keeps line breaks of a plain contenteditable", async () => {
    await typeParagraphs(page, "#plain-editable", ["first line", "second line"]);
    const token = await encryptHere(session, page);
    assert.equal(await page.$eval("#plain-editable", (node) => node.textContent), token);
    assert.equal(await readBack(page, token), "first line\nsecond line");
  });

  it("keeps an image's alt text (an emoji shown as an image) in what it encrypts", async () => {
    await page.$eval("#plain-editable", (node) => {
      node.innerHTML =
        'so glad <img alt="😀" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="> see you';
    });
    await page.click("#plain-editable");
    await page.keyboard.press("ControlOrMeta+A");
    const token = await encryptHere(session, page);
    assert.equal(await page.$eval("#plain-editable", (node) => node.textContent), token);
    assert.equal(await readBack(page, token), "so glad 😀 see you");
  });

  it("updates a React controlled textarea's state", async () => {
    await page.click("#react-textarea");
    await page.keyboard.type("hello react secret");
    await page.$eval("#react-textarea", (node) =>
      (node as HTMLTextAreaElement).setSelectionRange(12, 18),
    );
    const token = await encryptHere(session, page);
    assert.equal(await page.evaluate(() => window.__reactValue()), `hello react ${token}`);
    assert.equal(
      await page.$eval("#react-textarea", (node) => (node as HTMLTextAreaElement).value),
      `hello react ${token}`,
    );
    assert.equal(await readBack(page, token), "secret");
  });

  it("replaces a multi-paragraph selection in Lexical, in Lexical's own state", async () => {
    await typeParagraphs(page, "#lexical-editor", ["first para", "second para", "third para"]);
    assert.deepEqual(await page.evaluate(() => window.__lexicalParagraphs()), [
      "first para",
      "second para",
      "third para",
    ]);
    await selectInEditor(
      page,
      "#lexical-editor",
      [0, 6],
      [2, 6],
      "__lexicalSelectedText",
      "para\nsecond para\nthird ",
    );
    const token = await encryptHere(session, page);
    assert.deepEqual(await page.evaluate(() => window.__lexicalParagraphs()), [
      `first ${token} para`,
    ]);
    assert.equal(await readBack(page, token), "para\nsecond para\nthird");
  });

  it("encrypts all of Lexical when nothing is selected", async () => {
    await page.click("#lexical-editor");
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await typeParagraphs(page, "#lexical-editor", ["only", "", "these"]);
    const token = await encryptHere(session, page);
    assert.deepEqual(await page.evaluate(() => window.__lexicalParagraphs()), [token]);
    assert.equal(await readBack(page, token), "only\n\nthese");
  });

  it("replaces a multi-paragraph selection in ProseMirror, in ProseMirror's own document", async () => {
    await typeParagraphs(page, "#prosemirror-editor", ["alpha one", "beta two", "gamma three"]);
    assert.deepEqual(await page.evaluate(() => window.__prosemirrorParagraphs()), [
      "alpha one",
      "beta two",
      "gamma three",
    ]);
    await selectInEditor(
      page,
      "#prosemirror-editor",
      [0, 6],
      [1, 4],
      "__prosemirrorSelectedText",
      "one\nbeta",
    );
    const token = await encryptHere(session, page);
    assert.deepEqual(await page.evaluate(() => window.__prosemirrorParagraphs()), [
      `alpha ${token} two`,
      "gamma three",
    ]);
    assert.equal(await readBack(page, token), "one\nbeta");
  });

  it("tells the length against the site's limit (x.com: 280)", async () => {
    await page.click("#plain-textarea");
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText("x".repeat(200));
    const token = await encryptHere(session, page);
    const notice = await page.waitForSelector('[data-grypt="notice"]', WAIT);
    assert.equal(
      await notice!.textContent(),
      `grypt encrypted the whole post (no text was selected). grypt: the post is now ${token.length} characters; X allows 280.`,
    );
  });

  it("inserts text from the popup composer at the caret", async () => {
    const token = await session.encrypt("from the composer");
    await page.bringToFront();
    await page.click("#plain-input");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("before: ");
    await session.ui({ type: "insert-into-tab", text: token });
    await page.waitForFunction(
      (text) => (document.querySelector("#plain-input") as HTMLInputElement).value.endsWith(text),
      token,
      WAIT,
    );
    assert.equal(
      await page.$eval("#plain-input", (node) => (node as HTMLInputElement).value),
      `before: ${token}`,
    );
  });

  it("puts text from the popup composer in place of a selection", async () => {
    const token = await session.encrypt("instead of the selection");
    await page.bringToFront();
    await page.click("#plain-textarea");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("keep [drop this] keep");
    await page.$eval("#plain-textarea", (node) =>
      (node as HTMLTextAreaElement).setSelectionRange(5, 16),
    );
    await session.ui({ type: "insert-into-tab", text: token }); // throws if the page's script reports a failure
    assert.equal(
      await page.$eval("#plain-textarea", (node) => (node as HTMLTextAreaElement).value),
      `keep ${token} keep`,
    );
  });

  it("changes nothing and says why when grypt is locked", async () => {
    await page.click("#plain-textarea");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("stays plain");
    await session.ui({ type: "lock" });
    const outcome = (await sendToTab(session, page, { type: "encrypt-in-place" })) as Outcome;
    assert.equal(outcome.type, "failure");
    assert.equal((outcome as { error: { code: string } }).error.code, "LOCKED");
    assert.equal(
      await page.$eval("#plain-textarea", (node) => (node as HTMLTextAreaElement).value),
      "stays plain",
    );
    assert.match((await page.textContent('[data-grypt="notice"]')) ?? "", /locked/);
  });
});

declare global {
  interface Window {
    __lexicalParagraphs(): string[];
    __prosemirrorParagraphs(): string[];
    __lexicalSelectedText(): string;
    __prosemirrorSelectedText(): string;
    __reactValue(): string;
  }
}
