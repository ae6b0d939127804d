/**
 * More editor cases in real Chromium: `insert-text` (the popup composer's "insert") at the caret
 * of Lexical, ProseMirror and a React textarea, between two letters (the token gets a space on
 * each side, so the feed can find it), beside a space (none added), and encryption of a selection inside a single
 * Lexical paragraph, each checked in the editor's own state.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import {
  type MemberSession,
  sendToTab,
  startMemberSession,
} from "../fixtures/social-site/member-session.ts";

type Outcome = { type: string; token?: string; error?: { code: string } };

describe("insert text and single-paragraph selections", { timeout: 300_000 }, () => {
  let session: MemberSession;
  let page: Page;
  let token: string;
  before(async () => {
    // The page's own text: these tests follow grypt's work in the page's DOM.
    session = await startMemberSession({ readInPage: true });
    page = await session.openSite([]);
    token = await session.encrypt("inserted from the composer");
  });
  after(async () => {
    await session?.close();
  });

  async function insertAtCaret(selector: string, typed: string): Promise<Outcome> {
    await page.click(selector);
    await page.keyboard.type(typed);
    await page.keyboard.press("ArrowLeft");
    return (await sendToTab(session, page, { type: "insert-text", text: token })) as Outcome;
  }

  it("inserts at the caret in Lexical", async () => {
    const outcome = await insertAtCaret("#lexical-editor", "ab");
    assert.deepEqual(outcome, { type: "inserted" });
    assert.deepEqual(await page.evaluate(() => window.__lexicalParagraphs()), [`a ${token} b`]);
  });

  it("inserts at the caret in ProseMirror", async () => {
    const outcome = await insertAtCaret("#prosemirror-editor", "cd");
    assert.deepEqual(outcome, { type: "inserted" });
    assert.deepEqual(await page.evaluate(() => window.__prosemirrorParagraphs()), [`c ${token} d`]);
  });

  it("inserts at the caret in a React textarea", async () => {
    const outcome = await insertAtCaret("#react-textarea", "ef");
    assert.deepEqual(outcome, { type: "inserted" });
    assert.equal(await page.evaluate(() => window.__reactValue()), `e ${token} f`);
  });

  it("adds no space beside a space or at the field's ends", async () => {
    await page.click("#react-textarea");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("gh ");
    const outcome = (await sendToTab(session, page, {
      type: "insert-text",
      text: token,
    })) as Outcome;
    assert.deepEqual(outcome, { type: "inserted" });
    assert.equal(await page.evaluate(() => window.__reactValue()), `gh ${token}`);
  });

  it("reports when no field has the focus, and changes nothing", async () => {
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      document.getSelection()?.removeAllRanges();
    });
    const outcome = (await sendToTab(session, page, {
      type: "insert-text",
      text: token,
    })) as Outcome;
    assert.equal(outcome.type, "failure");
    assert.equal(outcome.error?.code, "NOT_FOUND");
    assert.match(
      (await page.textContent('[data-grypt="notice"]')) ?? "",
      /click into a text field/,
    );
  });

  it("encrypts a selection inside one Lexical paragraph", async () => {
    await page.click("#lexical-editor");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("say hidden words here");
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowLeft");
    for (let i = 0; i < 12; i++) await page.keyboard.press("Shift+ArrowLeft");
    // Lexical follows the DOM selection on selectionchange, a moment after the keys.
    await page.waitForFunction(() => window.__lexicalSelectedText() === "hidden words", undefined, {
      timeout: 5_000,
    });
    const outcome = (await sendToTab(session, page, { type: "encrypt-in-place" })) as Outcome;
    assert.equal(outcome.type, "encrypt-text-result", JSON.stringify(outcome));
    assert.deepEqual(await page.evaluate(() => window.__lexicalParagraphs()), [
      `say ${outcome.token} here`,
    ]);
  });
});

declare global {
  interface Window {
    __lexicalParagraphs(): string[];
    __lexicalSelectedText(): string;
    __prosemirrorParagraphs(): string[];
    __reactValue(): string;
  }
}
