/**
 * A page planting thousands of forged tokens cannot freeze a member's tab (issue 15, item 8):
 * ten Facebook-length posts (63,000 characters each) holding 4,990 well-formed forged tokens,
 * added to the page at once. Chromium's long-task observer records every task over 50 ms while
 * grypt scans, marks and shows the answers; the posts are not displayed, so the page's own
 * layout of 630,000 characters (not grypt's work) stays out of the measure. grypt tracks at most
 * MAX_MARKS_PER_PAGE of them and says so in a visible notice.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { MAX_MARKS_PER_PAGE, OVERFLOW_TEXT } from "../../extension/content/feed/overflow-notice.ts";
import { type FeedHarness, launchFeedHarness } from "./helpers/feed-harness.ts";

const POSTS = 10;
const TOKENS_PER_POST = 499;
const POST_CHARS = 63_000;
/** Generous against the 50 ms goal (a shared, loaded machine); the old code took over 1,000 ms. */
const LONGEST_TASK_BOUND_MS = 250;

describe("a page flooded with forged tokens", { timeout: 180_000 }, () => {
  let harness: FeedHarness;
  before(async () => {
    harness = await launchFeedHarness();
  });
  after(async () => {
    await harness?.close();
  });

  it("keeps every task short, marks at most the cap and shows that more are not shown", async () => {
    const page = await harness.open(`<main id="feed" style="display: none"></main>`);
    const result = await page.evaluate(
      async ({ posts, perPost, chars }) => {
        const feed = window.__feed;
        const fragment = document.createDocumentFragment();
        for (let p = 0; p < posts; p++) {
          const parts: string[] = [];
          for (let t = 0; t < perPost; t++) parts.push(feed.token("Forg3d", 1));
          let text = parts.join(" so true ");
          while (text.length < chars) text += " and more";
          const article = document.createElement("article");
          article.append(document.createElement("p"));
          article.firstChild!.textContent = text.slice(0, chars);
          fragment.append(article);
        }
        feed.start();
        await new Promise((resolve) => setTimeout(resolve, 100));
        const since = performance.now();
        const tasks: number[] = [];
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries())
            if (entry.startTime >= since) tasks.push(entry.duration);
        });
        observer.observe({ type: "longtask" });
        // A task of its own: the page adds the posts, grypt's observer reacts.
        await new Promise<void>((resolve) =>
          setTimeout(() => {
            document.getElementById("feed")!.append(fragment);
            resolve();
          }, 0),
        );
        // No named functions in here: the TypeScript runner's transform would rename them.
        const ownMarks = "[data-grypt]:not([data-grypt=overflow])";
        for (let last = -1; ; ) {
          await feed.idle();
          await new Promise((resolve) => setTimeout(resolve, 300));
          const count = document.querySelectorAll('[data-grypt="unread"]').length;
          if (count === last && count === document.querySelectorAll(ownMarks).length) break;
          last = count;
        }
        observer.disconnect();
        const notice = document.querySelector('[data-grypt="overflow"]') as HTMLElement | null;
        const box = notice?.getBoundingClientRect();
        return {
          tasks,
          marks: document.querySelectorAll(ownMarks).length,
          unread: document.querySelectorAll('[data-grypt="unread"]').length,
          notice: notice?.textContent ?? null,
          noticeShown: box !== undefined && box.width > 0 && box.height > 0,
        };
      },
      { posts: POSTS, perPost: TOKENS_PER_POST, chars: POST_CHARS },
    );
    const longest = Math.max(0, ...result.tasks);
    console.log(
      `longest task while grypt handled ${POSTS * TOKENS_PER_POST} forged tokens: ${longest.toFixed(1)} ms (${result.tasks.length} over 50 ms)`,
    );
    assert.equal(result.marks, MAX_MARKS_PER_PAGE);
    assert.equal(result.unread, MAX_MARKS_PER_PAGE);
    assert.equal(result.notice, OVERFLOW_TEXT);
    assert.equal(result.noticeShown, true);
    assert.ok(longest < LONGEST_TASK_BOUND_MS, `the longest task took ${longest.toFixed(1)} ms`);
    await page.close();
  });
});
