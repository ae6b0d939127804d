/**
 * The feed in real Chromium with the built extension, a real grypt server and an approved
 * member, in private reading (the default: reading frames, read here through the automation)
 * and in the page's own text (the setting): tokens on the page, appended later and split by
 * markup are decrypted; unknown ones stay with a quiet marker, the same whatever the reason; a
 * click shows the original; lock puts the ciphertext back. No mark names the member's group:
 * the page reads marks.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { UNREAD_TITLE } from "../../extension/content/feed/mark-titles.ts";
import { type MemberSession, startMemberSession } from "../fixtures/social-site/member-session.ts";
import { frameTexts, memberTexts } from "./helpers/reader-frames.ts";

const WAIT = { timeout: 15_000 };

/** Waits until `count` posts are decrypted and every reading frame among them shows its post. */
function readable(page: Page, count: number): Promise<unknown> {
  return page.waitForFunction(
    (n) =>
      document.querySelectorAll('[data-grypt="decrypted"]').length === n &&
      document.querySelectorAll('[data-grypt-frame]:not([data-grypt-frame="shown"])').length === 0,
    count,
    WAIT,
  );
}

for (const mode of ["private", "in-page"] as const)
  describe(`feed decryption (${mode} reading)`, { timeout: 240_000 }, () => {
    let session: MemberSession;
    before(async () => {
      session = await startMemberSession({ readInPage: mode === "in-page" });
    });
    after(async () => {
      await session?.close();
    });

    it("decrypts tokens present at load, in their place, marked with the epoch but not the group", async () => {
      const first = await session.encrypt("hello group");
      const second = await session.encrypt("line one\nline two");
      const page = await session.openSite([
        { text: "no token here" },
        { text: `Look: ${first} (1/2)` },
        { text: second },
      ]);
      await readable(page, 2);
      const bodies = await memberTexts(page);
      assert.deepEqual(bodies, ["no token here", "Look: hello group (1/2)", "line one\nline two"]);
      const title = await page.$eval('[data-grypt="decrypted"]', (node) =>
        node.getAttribute("title"),
      );
      assert.match(title ?? "", /epoch 1\b/);
      assert.equal(
        await page.evaluate(() => document.body.outerHTML.includes("Fixture friends")),
        false,
      );
      await page.close();
    });

    it("decrypts posts appended later (infinite scroll), in one batch or many", async () => {
      const page = await session.openSite([{ text: "first post" }]);
      const tokens = await Promise.all(
        ["a", "b", "c"].map((name) => session.encrypt(`later ${name}`)),
      );
      await page.evaluate((texts) => window.__appendPosts(texts.map((text) => ({ text }))), tokens);
      await readable(page, 3);
      const more = await session.encrypt("even later");
      await page.evaluate((text) => window.__appendPosts([{ text: `x ${text}` }]), more);
      await readable(page, 4);
      const bodies = (await memberTexts(page)).slice(1);
      assert.deepEqual(bodies, ["later a", "later b", "later c", "x even later"]);
      await page.close();
    });

    it("finds tokens split by <wbr>, a link, a soft hyphen and a zero-width space", async () => {
      const token = await session.encrypt("split but whole");
      const cut = (at: number, glue: string) => `${token.slice(0, at)}${glue}${token.slice(at)}`;
      const posts = [
        { html: `wbr: ${cut(40, "<wbr>")} end` },
        {
          html: `link: ${token.slice(0, 25)}<a href="https://example.invalid/">${token.slice(25, 70)}</a>${token.slice(70)} end`,
        },
        { html: `shy: ${cut(33, "&shy;")} end` },
        { html: `zwsp: ${cut(50, "\u200B")} end` },
        { html: `<span>${token.slice(0, 6)}</span><b>${token.slice(6, 90)}</b>${token.slice(90)}` },
      ];
      const page = await session.openSite(posts);
      await readable(page, 5);
      const bodies = await memberTexts(page);
      assert.deepEqual(bodies, [
        "wbr: split but whole end",
        "link: split but whole end",
        "shy: split but whole end",
        "zwsp: split but whole end",
        "split but whole",
      ]);
      await page.close();
    });

    it("shows an HTML/script payload as literal text and runs nothing", async () => {
      const payload = `<img src="x" onerror="window.__pwned=1"><script>window.__pwned=2</script><b onclick="window.__pwned=3">bold</b>`;
      const token = await session.encrypt(payload);
      const page = await session.openSite([{ text: token }]);
      await page.evaluate((text) => window.__appendPosts([{ text }]), token);
      await readable(page, 2);
      const result = await page.evaluate(() => ({
        elements: document.querySelectorAll(".post-body img, .post-body script, .post-body b")
          .length,
        pwned: (window as { __pwned?: unknown }).__pwned,
      }));
      assert.deepEqual(await memberTexts(page), [payload, payload]);
      assert.equal(result.elements, 0);
      assert.equal(result.pwned, undefined);
      await page.close();
    });

    it("leaves tokens of unknown groups and epochs alone, with the same quiet marker", async () => {
      const known = await session.encrypt("known");
      const otherEpoch = known.replace(/^grypt:([0-9A-Za-z]+):1:/, "grypt:$1:7:");
      const otherGroup = known.replace(/^grypt:[0-9A-Za-z]+:/, "grypt:Zz9Zz9:");
      const page = await session.openSite([
        { text: otherGroup },
        { text: otherEpoch },
        { text: known },
      ]);
      await page.waitForFunction(
        () => document.querySelectorAll('[data-grypt="unread"]').length === 2,
        undefined,
        WAIT,
      );
      const marks = await page.$$eval("[data-grypt]", (nodes) =>
        nodes.map((node) => ({
          state: node.getAttribute("data-grypt"),
          title: node.getAttribute("title"),
          text: node.textContent,
        })),
      );
      assert.deepEqual(
        marks.map((mark) => mark.state),
        ["unread", "unread", "decrypted"],
      );
      assert.equal(marks[0]!.title, UNREAD_TITLE);
      assert.equal(marks[1]!.title, UNREAD_TITLE);
      assert.equal(marks[0]!.text, otherGroup);
      assert.equal(marks[1]!.text, otherEpoch);
      await page.close();
    });

    it("toggles between plaintext and the original on click", async () => {
      const token = await session.encrypt("click me");
      const page = await session.openSite([{ text: `a ${token} b` }]);
      const mark = await page.waitForSelector('[data-grypt="decrypted"]', WAIT);
      await readable(page, 1);
      if (mode === "private") {
        // The frame toggles inside itself: the page never sees the click nor the words.
        const frame = (await (await page.$("[data-grypt-frame] iframe"))!.contentFrame())!;
        await frame.click("#post");
        assert.deepEqual(await frameTexts(page), [token]);
        await frame.click("#post");
        assert.deepEqual(await memberTexts(page), ["a click me b"]);
        return page.close();
      }
      await mark!.click();
      assert.equal(await page.$eval(".post-body", (node) => node.textContent), `a ${token} b`);
      assert.equal(await mark!.getAttribute("data-grypt"), "original");
      await mark!.click();
      assert.equal(await page.$eval(".post-body", (node) => node.textContent), "a click me b");
      await page.close();
    });

    it("puts the ciphertext back on lock and decrypts again after unlock", async () => {
      const token = await session.encrypt("locked away");
      const page = await session.openSite([{ text: token }]);
      await readable(page, 1);
      await session.ui({ type: "lock" });
      await page.waitForFunction(
        (text) => document.querySelector(".post-body")?.textContent === text,
        token,
        WAIT,
      );
      assert.equal(
        await page.$eval("[data-grypt]", (node) => node.getAttribute("title")),
        UNREAD_TITLE,
      );
      await session.ui({ type: "unlock", password: "correct horse battery staple" });
      await readable(page, 1);
      assert.deepEqual(await memberTexts(page), ["locked away"]);
      await page.close();
    });
  });

declare global {
  interface Window {
    __appendPosts(posts: { text?: string; html?: string }[]): string[];
  }
}
