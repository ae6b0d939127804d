/**
 * The page keeps working after grypt decrypted its posts: grypt never moves the page's own
 * nodes, so a framework that updates a text node in place (React's commitTextUpdate) or removes
 * it (removeChild) keeps working, and the updated text is decrypted again.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type MemberSession, startMemberSession } from "../fixtures/social-site/member-session.ts";

const WAIT = { timeout: 15_000 };

describe("feed decryption and the page's own updates", { timeout: 240_000 }, () => {
  let session: MemberSession;
  before(async () => {
    // The page's own text: these tests follow grypt's work in the page's DOM.
    session = await startMemberSession({ readInPage: true });
  });
  after(async () => {
    await session?.close();
  });

  it("follows text the page updates in place, and lets the page remove its nodes", async () => {
    const [first, second] = await Promise.all(
      ["first text", "second text"].map((text) => session.encrypt(text)),
    );
    const page = await session.openSite([]);
    const ids = await page.evaluate(
      ([a, b]) =>
        window.__appendPosts([{ text: `hello ${a} world` }, { text: b! }, { text: `x ${b} y` }]),
      [first!, second!],
    );
    await page.waitForFunction(
      () => document.querySelectorAll('[data-grypt="decrypted"]').length === 3,
      undefined,
      WAIT,
    );
    const body = (id: string) =>
      page.$eval(`[data-post-id="${id}"] .post-body`, (node) => node.textContent);
    assert.equal(await body(ids[0]!), "hello first text world");

    await page.evaluate(
      ([id, text]) => window.__setPostText(id!, text!),
      [ids[0]!, `edited: ${second}`],
    );
    await page.waitForFunction(
      (id) =>
        document.querySelector(`[data-post-id="${id}"] .post-body`)?.textContent ===
        "edited: second text",
      ids[0],
      WAIT,
    );
    assert.equal(
      await page.$$eval(`[data-post-id="${ids[0]}"] [data-grypt]`, (nodes) => nodes.length),
      1,
    );

    await page.evaluate(
      ([id, text]) => window.__setPostText(id!, text!),
      [ids[0]!, "no token any more"],
    );
    await page.waitForFunction(
      (id) =>
        document.querySelector(`[data-post-id="${id}"] .post-body`)?.textContent ===
        "no token any more",
      ids[0],
      WAIT,
    );
    assert.equal(
      await page.$$eval(`[data-post-id="${ids[0]}"] [data-grypt]`, (nodes) => nodes.length),
      0,
    );

    // removeChild of the page's own text node must not throw; grypt's mark goes with it.
    for (const id of [ids[1]!, ids[2]!]) {
      await page.evaluate((postId) => window.__removePostText(postId), id);
    }
    await page.waitForFunction(
      () => document.querySelectorAll("#feed [data-grypt]").length === 0,
      undefined,
      WAIT,
    );
    assert.equal(await body(ids[1]!), "");
    assert.equal(await body(ids[2]!), "");
    await page.close();
  });
});

declare global {
  interface Window {
    __appendPosts(posts: { text?: string; html?: string }[]): string[];
    __setPostText(id: string, text: string): void;
    __removePostText(id: string): void;
  }
}
