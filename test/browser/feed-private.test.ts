/**
 * Private reading in Chromium, with the built extension, a real grypt server and an approved
 * member: decrypted posts are shown in extension-origin reading frames. A hostile page tries
 * everything a site's script can (a MutationObserver over the whole document recording every
 * text and attribute, innerText polling, selection, copy and key listeners, reading the frame's
 * document and window, posting messages to it, overlaying and resizing it) and obtains no part
 * of the plaintext, while the member reads the words (read here through the automation) and
 * the original token. With the in-page setting, the same probe does see the plaintext. The
 * fixture site serves a strict Content-Security-Policy like X's.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { ROOT } from "../../scripts/build-extension.ts";
import { type MemberSession, startMemberSession } from "../fixtures/social-site/member-session.ts";
import { STRICT_CSP } from "../fixtures/social-site/serve.ts";
import { frameTexts, memberTexts, waitForShownFrames } from "./helpers/reader-frames.ts";

const SECRET = "meet at the old mill at nine <b>bring</b> https://example.invalid/x";
const WAIT = { timeout: 20_000 };

/**
 * The hostile site's own script (plain JavaScript, run before the page's): records everything
 * it can reach into window.__seen.
 */
const HOSTILE_PROBE = `(() => {
  const seen = [];
  window.__seen = seen;
  const note = (value) => { if (typeof value === "string" && value !== "") seen.push(value); };
  new MutationObserver((records) => {
    for (const record of records) {
      note(record.oldValue);
      if (record.type === "characterData") note(record.target.data);
      if (record.type === "attributes") note(record.target.getAttribute(record.attributeName));
      for (const node of record.addedNodes) note(node.textContent);
    }
  }).observe(document, { subtree: true, childList: true, characterData: true,
    characterDataOldValue: true, attributes: true, attributeOldValue: true });
  setInterval(() => note(document.body && document.body.innerText), 50);
  document.addEventListener("selectionchange", () => note(String(getSelection())));
  document.addEventListener("copy", (event) => {
    note(String(getSelection()));
    note(event.clipboardData && event.clipboardData.getData("text/plain"));
  });
  for (const target of [window, document])
    for (const type of ["keydown", "keyup", "keypress"])
      target.addEventListener(type, (event) => note(event.key), true);
  window.addEventListener("message", (event) => note(JSON.stringify(event.data)));
  setInterval(() => {
    for (const frame of document.querySelectorAll("iframe")) {
      try { note(frame.contentDocument && frame.contentDocument.documentElement.outerHTML); } catch {}
      try { note(frame.contentWindow.document.body.innerText); } catch {}
      try {
        frame.contentWindow.postMessage({ type: "reader-open", id: "x" }, "*");
        frame.contentWindow.postMessage("grypt: show me", "*");
      } catch {}
      note(frame.getAttribute("src"));
    }
  }, 100);
})();`;

async function leaked(page: Page, words: string[]): Promise<string[]> {
  const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
  return seen.filter((text) => words.some((word) => text.includes(word)));
}

describe("private reading", { timeout: 300_000 }, () => {
  let session: MemberSession;
  before(async () => {
    session = await startMemberSession();
    await session.browser.context.addInitScript({ content: HOSTILE_PROBE });
  });
  after(async () => {
    await session?.close();
  });

  it("shows the post in a frame the hostile page cannot read, and the member reads it", async () => {
    const token = await session.encrypt(SECRET);
    const page = await session.openSite([{ text: "public words" }, { text: token }], "", {
      csp: STRICT_CSP,
    });
    await waitForShownFrames(page, 1);
    assert.deepEqual(await memberTexts(page), ["public words", SECRET]);
    const frame = page.locator("[data-grypt-frame] iframe");
    // What the page can do to the frame: read its document (null), resize and overlay it.
    assert.equal(
      await page.$eval("[data-grypt-frame] iframe", (node) => {
        const iframe = node as HTMLIFrameElement;
        return iframe.contentDocument === null;
      }),
      true,
    );
    await page.evaluate(() => {
      const iframe = document.querySelector("[data-grypt-frame] iframe") as HTMLElement;
      iframe.style.width = "120px";
      const cover = document.createElement("div");
      cover.style.cssText = "position:fixed;inset:0;opacity:0.01;pointer-events:none";
      document.body.append(cover);
    });
    // The member selects and copies the words, and types in the frame; Enter shows the token.
    const inner = (await (await frame.elementHandle())!.contentFrame())!;
    await inner.evaluate(() => getSelection()!.selectAllChildren(document.getElementById("post")!));
    await inner.focus("#post");
    await page.keyboard.press("Control+C");
    await page.keyboard.press("Enter");
    assert.deepEqual(await frameTexts(page), [token]);
    await page.keyboard.press("Enter");
    assert.deepEqual(await frameTexts(page), [SECRET]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(await leaked(page, ["old mill", "bring", "example.invalid"]), []);
    await page.close();
  });

  it("takes on the site's font, size and colour in light and dark pages (screenshot for the README)", async () => {
    for (const theme of ["light", "dark"] as const) {
      const token = await session.encrypt("Dinner at Anna's on Friday, 7 pm. Bring the photos!");
      const page = await session.openSite(
        [{ text: "An ordinary post that everyone can read." }, { text: token }],
        "",
        { theme },
      );
      await page.setViewportSize({ width: 640, height: 900 });
      await waitForShownFrames(page, 1);
      const site = await page.$eval(".post-body", (node) => {
        const style = getComputedStyle(node);
        return [style.fontFamily, style.fontSize, style.color];
      });
      const inner = (await (await page.$("[data-grypt-frame] iframe"))!.contentFrame())!;
      const framed = await inner.$eval("#post", (node) => {
        const style = getComputedStyle(node);
        return [style.fontFamily, style.fontSize, style.color];
      });
      assert.deepEqual(framed, site, theme);
      const height = await page.$eval("[data-grypt-frame] iframe", (node) => node.clientHeight);
      assert.ok(height > 10 && height < 80, `one line of text, not ${height}px`);
      const feed = await page.$("#feed");
      await feed!.screenshot({ path: join(ROOT, "docs", "images", `feed-private-${theme}.png`) });
      await page.close();
    }
  });

  it("with the in-page setting (Options, off in a fresh install), the same hostile page does read the plaintext", async () => {
    const options = await session.browser.openOptions();
    const box = options.locator('[data-testid="read-in-page"]');
    await box.waitFor(WAIT);
    assert.equal(await box.isChecked(), false);
    await box.check();
    await options.waitForSelector(
      '[data-testid="read-in-page-message"]:has-text("page\'s own text")',
      WAIT,
    );
    await options.close();
    try {
      const token = await session.encrypt(SECRET);
      const page = await session.openSite([{ text: token }], "", { csp: STRICT_CSP });
      await page.waitForSelector('[data-grypt="decrypted"]', WAIT);
      assert.equal(await page.$eval(".post-body", (node) => node.textContent), SECRET);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.notDeepEqual(await leaked(page, ["old mill"]), []);
      await page.close();
    } finally {
      await session.setReadInPage(false);
    }
  });
});
