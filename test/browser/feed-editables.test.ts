/**
 * Editable areas are never touched by the feed decryptor: a token in a textarea, an input, a
 * contenteditable, a React textarea, Lexical or ProseMirror stays a token in the editor's own
 * state, while the same token in the feed next to them is decrypted.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type MemberSession, startMemberSession } from "../fixtures/social-site/member-session.ts";

const WAIT = { timeout: 15_000 };

describe("feed decryption leaves editable areas alone", { timeout: 240_000 }, () => {
  let session: MemberSession;
  before(async () => {
    // The page's own text: these tests follow grypt's work in the page's DOM.
    session = await startMemberSession({ readInPage: true });
  });
  after(async () => {
    await session?.close();
  });

  it("keeps tokens in every kind of editor, at load and typed later", async () => {
    const token = await session.encrypt("must stay encrypted in editors");
    const page = await session.openSite([{ text: token }], token);
    await page.waitForSelector('#feed [data-grypt="decrypted"]', WAIT);
    for (const selector of [
      "#plain-input",
      "#react-textarea",
      "#lexical-editor",
      "#prosemirror-editor",
    ]) {
      await page.click(selector);
      await page.keyboard.insertText(token);
    }
    // A post appended after the typing is decrypted only after every earlier change was scanned.
    const probe = await session.encrypt("probe");
    await page.evaluate((text) => window.__appendPosts([{ text }]), probe);
    await page.waitForFunction(
      () => document.querySelectorAll('#feed [data-grypt="decrypted"]').length === 2,
      undefined,
      WAIT,
    );

    const state = await page.evaluate(() => ({
      marks: document.querySelectorAll("#editors [data-grypt]").length,
      textarea: (document.querySelector("#plain-textarea") as HTMLTextAreaElement).value,
      input: (document.querySelector("#plain-input") as HTMLInputElement).value,
      editable: document.querySelector("#plain-editable")?.textContent,
      react: window.__reactValue(),
      lexical: window.__lexicalParagraphs(),
      prosemirror: window.__prosemirrorParagraphs(),
      feed: [...document.querySelectorAll(".post-body")].map((node) => node.textContent),
    }));
    assert.deepEqual(state, {
      marks: 0,
      textarea: token,
      input: token,
      editable: token,
      react: token,
      lexical: [token],
      prosemirror: [token],
      feed: ["must stay encrypted in editors", "probe"],
    });
    await page.close();
  });
});

declare global {
  interface Window {
    __appendPosts(posts: { text?: string; html?: string }[]): string[];
    __lexicalParagraphs(): string[];
    __prosemirrorParagraphs(): string[];
    __reactValue(): string;
  }
}
