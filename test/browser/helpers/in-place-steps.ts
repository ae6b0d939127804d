/**
 * Steps of the Chromium encrypt-in-place tests: type into an editor, select a range across its
 * blocks by their text nodes, ask the content script to encrypt in place, and decrypt a token
 * through the feed of the same page.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { type MemberSession, sendToTab } from "../../fixtures/social-site/member-session.ts";

export const WAIT = { timeout: 15_000 };
export type Outcome =
  | { type: "encrypt-text-result"; token: string }
  | { type: "failure"; error: { code: string; message: string } };

/** Encrypt in place in the focused field of `page` through the content script; resolves with the token. */
export async function encryptHere(session: MemberSession, page: Page): Promise<string> {
  const outcome = (await sendToTab(session, page, { type: "encrypt-in-place" })) as Outcome;
  assert.equal(outcome.type, "encrypt-text-result", JSON.stringify(outcome));
  return (outcome as { token: string }).token;
}

/** Decrypts a token through the feed of the same page and returns the plaintext shown. */
export async function readBack(page: Page, token: string): Promise<string> {
  const before = await page.$$eval('[data-grypt="decrypted"]', (nodes) => nodes.length);
  await page.evaluate((text) => window.__appendPosts([{ text }]), token);
  await page.waitForFunction(
    (count) => document.querySelectorAll('[data-grypt="decrypted"]').length > count,
    before,
    WAIT,
  );
  return page.$eval("#feed article:last-child .post-body", (node) => node.textContent ?? "");
}

/** Click into an editor and type lines, pressing Enter between them (real key events). */
export async function typeParagraphs(page: Page, selector: string, lines: string[]): Promise<void> {
  await page.click(selector);
  for (const [index, line] of lines.entries()) {
    if (index > 0) await page.keyboard.press("Enter");
    await page.keyboard.type(line);
  }
}

/** Selects from (block a, offset) to (block b, offset) inside the editor at `selector`, its blocks matching `blocks`. */
export async function selectAcrossBlocks(
  page: Page,
  selector: string,
  blocks: string,
  from: [number, number],
  to: [number, number],
): Promise<void> {
  await page.evaluate(
    ({ selector, blocks, from, to }) => {
      const found = document.querySelector(selector)!.querySelectorAll(blocks);
      // (No named helper functions in here: the test runner's transform would rename them.)
      const [start, end] = [from, to].map(([block, offset]) => ({
        node: document.createTreeWalker(found[block]!, NodeFilter.SHOW_TEXT).nextNode()!,
        offset,
      }));
      const range = document.createRange();
      range.setStart(start!.node, start!.offset);
      range.setEnd(end!.node, end!.offset);
      const selection = document.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    },
    { selector, blocks, from, to },
  );
}

declare global {
  interface Window {
    __appendPosts(posts: { text?: string; html?: string }[]): string[];
  }
}
