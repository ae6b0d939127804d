/**
 * Reading grypt's reading frames through the browser automation (never through the page, which
 * cannot read them): the text each frame shows, and each post's text with its frames' text in
 * their place, as the member sees it.
 */
import type { Page } from "playwright-core";

const WAIT = { timeout: 20_000 };

/** Waits until `count` reading frames show their post. */
export async function waitForShownFrames(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-grypt-frame="shown"]').length >= n,
    count,
    WAIT,
  );
}

/** The text of every reading frame in the page, in document order ("" for one not loaded). */
export async function frameTexts(page: Page): Promise<string[]> {
  const texts: string[] = [];
  for (const handle of await page.$$("[data-grypt-frame] iframe")) {
    const frame = await handle.contentFrame();
    texts.push(frame === null ? "" : await frame.$eval("#post", (node) => node.textContent ?? ""));
  }
  return texts;
}

/** Each `.post-body`'s text as the member sees it: frames replaced by the text they show. */
export async function memberTexts(page: Page, selector = ".post-body"): Promise<string[]> {
  const texts = await frameTexts(page);
  const parts = await page.$$eval(selector, (bodies) => {
    const frames = [...document.querySelectorAll("[data-grypt-frame] iframe")];
    return bodies.map((body) => {
      const out: (string | number)[] = [];
      const walker = document.createTreeWalker(
        body,
        NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT,
      );
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        if (node.nodeType === Node.TEXT_NODE) out.push((node as Text).data);
        else if ((node as Element).tagName === "IFRAME") out.push(frames.indexOf(node as Element));
      }
      return out;
    });
  });
  return parts.map((list) =>
    list.map((part) => (typeof part === "number" ? (texts[part] ?? "") : part)).join(""),
  );
}

/**
 * Appends `token` as a new post and returns what its reading frame shows (private reading: the
 * words are read through the automation, never through the page).
 */
export async function readBackInFrame(page: Page, token: string): Promise<string> {
  const before = await page.$$eval('[data-grypt-frame="shown"]', (nodes) => nodes.length);
  await page.evaluate((text) => window.__appendPosts([{ text }]), token);
  // Frames are made near the viewport only.
  await page.$eval("#feed article:last-child", (node) => node.scrollIntoView());
  await waitForShownFrames(page, before + 1);
  const handle = await page.$("#feed article:last-child [data-grypt-frame] iframe");
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error("the new post has no reading frame");
  return frame.$eval("#post", (node) => node.textContent ?? "");
}
