/**
 * Encrypt in place in real Chromium, what is encrypted and what the user is told: Slate's empty
 * paragraph (rendered as a U+FEFF placeholder) is neither encrypted nor mistaken for the
 * original text left in the field; a right-click beside the selection (which drops it) encrypts
 * the whole field, and the notice says so.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { type MemberSession, startMemberSession } from "../fixtures/social-site/member-session.ts";
import { EDITOR_FIELDS, fillField } from "./helpers/editor-fields.ts";
import { encryptHere, readBack, WAIT } from "./helpers/in-place-steps.ts";

const field = (name: string) => EDITOR_FIELDS.find((candidate) => candidate.name === name)!;

describe("encrypt in place: what is encrypted, and what is said", { timeout: 300_000 }, () => {
  let session: MemberSession;
  let page: Page;
  before(async () => {
    session = await startMemberSession({ readInPage: true });
    page = await session.openSite([]);
  });
  after(async () => {
    await session?.close();
  });

  it("Slate with an empty paragraph: the field holds the token, no false alarm, no placeholder encrypted", async () => {
    const slate = field("Slate");
    await fillField(page, slate, ["one", "", "three"]);
    assert.equal(
      await page.$eval(slate.selector, (node) => node.textContent?.includes("\uFEFF")),
      true,
      "Slate renders its empty paragraph with a placeholder",
    );
    await page.keyboard.press("ControlOrMeta+A");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const token = await encryptHere(session, page);
    assert.equal(await slate.read(page), token);
    assert.equal(await readBack(page, token), "one\n\nthree");
  });

  it("a right-click beside the selection encrypts the whole field, and says so", async () => {
    const plain = field("plain contenteditable");
    await fillField(page, plain, ["keep this secret"]);
    await page.$eval(plain.selector, (node) => {
      const text = node.firstChild!;
      const range = document.createRange();
      range.setStart(text, 10);
      range.setEnd(text, 16);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
    });
    // Beside the selection: on the word "keep" (Chromium puts the caret there).
    const point = await page.$eval(plain.selector, (node) => {
      const range = document.createRange();
      range.setStart(node.firstChild!, 0);
      range.setEnd(node.firstChild!, 4);
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    });
    await page.mouse.click(point.x, point.y, { button: "right" });
    assert.equal(
      await page.evaluate(() => document.getSelection()?.isCollapsed),
      true,
      "the right-click dropped the selection",
    );
    const token = await encryptHere(session, page);
    assert.equal(await plain.read(page), token);
    const notice = await page.waitForSelector('[data-grypt="notice"]', WAIT);
    assert.match((await notice!.textContent()) ?? "", /whole post \(no text was selected\)/);
    assert.equal(await readBack(page, token), "keep this secret");
  });
});
