/**
 * Private writing in Chromium: the composer frame opens over the focused field of the fixture
 * site, the user types in it, and only the token reaches the site's editor (textarea, Lexical,
 * Draft.js), where it decrypts to the words typed. A hostile probe in the page (see
 * helpers/hostile-probe.ts) watches everything a site's script can; it captures the words when
 * they are typed into the site's own field, and nothing of them when they are typed privately.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { FrameLocator, Page } from "playwright-core";
import {
  type MemberSession,
  sendToTab,
  startMemberSession,
} from "../fixtures/social-site/member-session.ts";
import {
  INSTALL_PROBE,
  leakedParts,
  PROBE_REPORT,
  SECRET,
  SECRET_WORDS,
} from "./helpers/hostile-probe.ts";
import { WAIT } from "./helpers/in-place-steps.ts";
import { readBackInFrame as readBack } from "./helpers/reader-frames.ts";

const FRAME = 'iframe[data-grypt="private-composer"]';

/** The extension API call made in the service worker below. */
declare const chrome: {
  contextMenus: { update(id: string, properties: Record<string, never>): Promise<void> };
};
type Report = { text: string; keyEvents: number; frameReads: number; posted: number };

describe("private writing in Chromium", { timeout: 300_000 }, () => {
  let session: MemberSession;
  before(async () => {
    session = await startMemberSession();
  });
  after(async () => {
    await session?.close();
  });

  /** What the background does for "Write privately here": ask the tab to open a composer. */
  async function openComposer(page: Page, selector: string): Promise<FrameLocator> {
    const focused = await page.evaluate(
      (field) => document.querySelector(field)?.contains(document.activeElement) ?? false,
      selector,
    );
    if (!focused) await page.click(selector);
    const composerId = randomBytes(16).toString("base64url");
    const opened = await sendToTab(session, page, { type: "open-composer", composerId });
    assert.deepEqual(opened, { type: "composer-opened" });
    const frame = page.frameLocator(FRAME);
    await frame.locator('[data-testid="private-text"]').waitFor(WAIT);
    await page.waitForFunction(
      () =>
        document.querySelector('iframe[data-grypt="private-composer"]') === document.activeElement,
      undefined,
      WAIT,
    );
    return frame;
  }

  /** A fresh fixture page for one test, closed however the test ends (tabs are found by URL). */
  async function withSite(body: (page: Page) => Promise<void>): Promise<void> {
    const page = await session.openSite([]);
    try {
      await body(page);
    } finally {
      await page.close();
    }
  }

  async function writePrivately(page: Page, selector: string, text: string): Promise<void> {
    const frame = await openComposer(page, selector);
    // Real key events, to whatever has the focus: the composer took it when it opened.
    await page.keyboard.type(text);
    assert.equal(await frame.locator('[data-testid="private-text"]').inputValue(), text);
    await frame.locator('[data-testid="private-insert"]').click();
    await page.waitForSelector(FRAME, { state: "detached", ...WAIT });
  }

  it("the probe catches words typed into the site's own field (it works)", async () => {
    await withSite(async (page) => {
      await page.evaluate(INSTALL_PROBE);
      await page.click("#plain-textarea");
      await page.keyboard.type(SECRET);
      await page.waitForTimeout(200);
      const report = (await page.evaluate(PROBE_REPORT)) as Report;
      assert.ok(report.keyEvents > 0);
      assert.deepEqual(
        leakedParts(report.text).filter((p) => SECRET_WORDS.includes(p)),
        SECRET_WORDS,
      );
    });
  });

  it("a hostile page learns nothing of text written privately; the token decrypts to it", async () => {
    await withSite(async (page) => {
      await page.evaluate(INSTALL_PROBE);
      const frame = await openComposer(page, "#plain-textarea");
      await page.keyboard.type(SECRET);
      // The probe shrank, faded and covered the frame: grypt put it back.
      await page.waitForSelector("#probe-overlay", { state: "attached" });
      const { height, opacity } = await page.$eval(FRAME, (el) => ({
        height: el.getBoundingClientRect().height,
        opacity: getComputedStyle(el).opacity,
      }));
      assert.ok(height > 100, `frame height ${height}`);
      assert.equal(opacity, "1");
      await page.waitForTimeout(300);
      await frame.locator('[data-testid="private-insert"]').click();
      await page.waitForSelector(FRAME, { state: "detached", ...WAIT });
      const token = await page.locator("#plain-textarea").inputValue();
      assert.match(token, /^grypt:[0-9A-Za-z]+:\d+:[0-9A-Za-z]+$/);
      const report = (await page.evaluate(PROBE_REPORT)) as Report;
      assert.deepEqual(leakedParts(report.text), []);
      assert.equal(report.keyEvents, 0, "the page heard key events");
      assert.equal(
        report.frameReads,
        0,
        `the page read the frame: ${await page.evaluate(() => window.__probe.frameReads.join("|"))}`,
      );
      assert.ok(report.posted > 0, "the probe did post to the frame");
      assert.ok(report.text.includes(token), "the probe saw the token go in");
      assert.equal(await readBack(page, token), SECRET);
    });
  });

  it("the composer shows only once loaded and holding the focus (keys never go to a blank frame)", async () => {
    await withSite(async (page) => {
      // Checked on every rendered frame: a visible composer without the focus is a violation.
      // (A string: the test runner's transform would rename a named function in here.)
      await page.evaluate(`(() => {
        const seen = { visible: 0, unfocused: 0 };
        window.__shown = seen;
        const check = () => {
          const frame = document.querySelector('iframe[data-grypt="private-composer"]');
          if (frame && getComputedStyle(frame).visibility === "visible") {
            seen.visible += 1;
            // contentDocument is null once the extension's page is in; before, it is the
            // page's own about:blank, where keys would go to the page.
            if (document.activeElement !== frame || frame.contentDocument !== null) seen.unfocused += 1;
          }
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      })()`);
      await openComposer(page, "#plain-textarea");
      await page.waitForTimeout(200);
      const seen = (await page.evaluate("window.__shown")) as {
        visible: number;
        unfocused: number;
      };
      assert.ok(seen.visible > 0);
      assert.equal(seen.unfocused, 0);
    });
  });

  it("puts the token at the caret of a Lexical editor", async () => {
    await withSite(async (page) => {
      await page.click("#lexical-editor");
      await page.keyboard.type("before  after");
      for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowLeft");
      await writePrivately(page, "#lexical-editor", "lexical words");
      const [line] = await page.evaluate(() => window.__lexicalParagraphs());
      const token = /grypt:[0-9A-Za-z:]+/.exec(line ?? "")?.[0] ?? "";
      assert.equal(line, `before ${token} after`);
      assert.equal(await readBack(page, token), "lexical words");
    });
  });

  it("puts the token into Draft.js (X's composer), in Draft's own state", async () => {
    await withSite(async (page) => {
      await page.waitForFunction(() => document.documentElement.dataset.draftReady === "true");
      await writePrivately(page, "#draft-root [contenteditable=true]", "draft words");
      const paragraphs = await page.evaluate(() => window.__draftParagraphs());
      assert.equal(paragraphs.length, 1);
      const token = paragraphs[0] ?? "";
      assert.match(token, /^grypt:/);
      assert.equal(await readBack(page, token), "draft words");
    });
  });

  it("puts the token at the caret of ProseMirror, a space between it and the next word", async () => {
    await withSite(async (page) => {
      await page.click("#prosemirror-editor");
      await page.keyboard.type("start end");
      for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowLeft");
      await writePrivately(page, "#prosemirror-editor", "prosemirror words");
      const [line] = await page.evaluate(() => window.__prosemirrorParagraphs());
      const token = /grypt:[0-9A-Za-z:]+/.exec(line ?? "")?.[0] ?? "";
      assert.equal(line, `start ${token} end`);
      assert.equal(await readBack(page, token), "prosemirror words");
    });
  });

  it("puts the token at the end of a plain contenteditable, apart from the last word", async () => {
    await withSite(async (page) => {
      await page.click("#plain-editable");
      await page.keyboard.press("Control+A");
      await page.keyboard.type("one two");
      await writePrivately(page, "#plain-editable", "editable words");
      const text = await page.locator("#plain-editable").textContent();
      const token = /grypt:[0-9A-Za-z:]+/.exec(text ?? "")?.[0] ?? "";
      assert.equal(text, `one two ${token}`);
      assert.equal(await readBack(page, token), "editable words");
    });
  });

  it("puts the token into a React textarea's state", async () => {
    await withSite(async (page) => {
      await writePrivately(page, "#react-textarea", "react words");
      const token = await page.evaluate(() => window.__reactValue());
      assert.match(token, /^grypt:/);
      assert.equal(await readBack(page, token), "react words");
    });
  });

  it("has the 'Write privately here' menu item next to the in-place one", async () => {
    const worker = await session.browser.serviceWorker();
    for (const id of ["write-privately", `encrypt-for:${session.groupId}`])
      await worker.evaluate((itemId) => chrome.contextMenus.update(itemId, {}), id);
  });

  it("Escape closes the composer without inserting anything", async () => {
    await withSite(async (page) => {
      await openComposer(page, "#plain-textarea");
      await page.keyboard.type("never sent");
      await page.keyboard.press("Escape");
      await page.waitForSelector(FRAME, { state: "detached", ...WAIT });
      assert.equal(await page.locator("#plain-textarea").inputValue(), "");
    });
  });

  it("says so when the page removes the composer, and inserts nothing", async () => {
    await withSite(async (page) => {
      await openComposer(page, "#plain-textarea");
      await page.keyboard.type("never sent");
      await page.evaluate(() =>
        document.querySelector('iframe[data-grypt="private-composer"]')?.remove(),
      );
      await page.waitForSelector('[data-grypt="notice"]', WAIT);
      assert.match(
        (await page.textContent('[data-grypt="notice"]')) ?? "",
        /closed its private composer/,
      );
      assert.equal(await page.locator("#plain-textarea").inputValue(), "");
    });
  });

  it("closes the composer when the page navigates the frame elsewhere", async () => {
    await withSite(async (page) => {
      await openComposer(page, "#plain-textarea");
      await page.evaluate(() => {
        const frame = document.querySelector<HTMLIFrameElement>(
          'iframe[data-grypt="private-composer"]',
        );
        frame!.contentWindow!.location.href = `${location.origin}/fake-composer`;
      });
      await page.waitForSelector(FRAME, { state: "detached", ...WAIT });
      assert.match(
        (await page.textContent('[data-grypt="notice"]')) ?? "",
        /closed its private composer/,
      );
    });
  });
});

declare global {
  interface Window {
    __lexicalParagraphs(): string[];
    __prosemirrorParagraphs(): string[];
    __draftParagraphs(): string[];
    __reactValue(): string;
    __probe: { frameReads: string[] };
  }
}
