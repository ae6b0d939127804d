/**
 * Private reading against the page's own text, in the same run: 200 tokens in a 1,000-post page
 * rendered at load; time until every post in view is readable (in private reading: its frame
 * shows the words), the longest task while scrolling the whole page (long-task observer), and
 * the page's JavaScript heap after scrolling all 200 (reading frames run in the extension's
 * process, so their own memory is not in this figure).
 */
import type { Page } from "playwright-core";
import type { MemberSession } from "../test/fixtures/social-site/member-session.ts";
import type { FixturePost } from "../test/fixtures/social-site/serve.ts";
import type { BenchRow } from "./bench-row.ts";

interface ModeFigures {
  firstReadable: number;
  longestTask: number;
  heapMb: number;
}

async function measure(session: MemberSession, posts: FixturePost[]): Promise<ModeFigures> {
  session.site.setPage(posts);
  const page: Page = await session.browser.context.newPage();
  await page.addInitScript({
    content:
      "window.__tasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });",
  });
  await page.goto(`http://x.com:${session.site.port}/`);
  await page.waitForFunction(
    () => {
      const marks = [...document.querySelectorAll("[data-grypt]")].filter((mark) => {
        const box = mark.getBoundingClientRect();
        return box.bottom > 0 && box.top < innerHeight;
      });
      return (
        marks.length > 0 &&
        marks.every(
          (mark) =>
            mark.getAttribute("data-grypt") === "decrypted" &&
            mark.querySelector('[data-grypt-frame]:not([data-grypt-frame="shown"])') === null,
        )
      );
    },
    undefined,
    { timeout: 60_000, polling: 10 },
  );
  const firstReadable = await page.evaluate(() => performance.now());
  await page.evaluate(() => {
    (window as unknown as { __tasks: number[] }).__tasks.length = 0;
  });
  await page.evaluate(async () => {
    while (scrollY + innerHeight < document.body.scrollHeight) {
      scrollBy(0, innerHeight);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
  });
  const longestTask = await page.evaluate(() =>
    Math.max(0, ...(window as unknown as { __tasks: number[] }).__tasks),
  );
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const heap = metrics.find((metric) => metric.name === "JSHeapUsedSize")?.value ?? 0;
  await cdp.detach();
  await page.close();
  return { firstReadable, longestTask, heapMb: heap / (1024 * 1024) };
}

export async function benchReadingModes(
  session: MemberSession,
  posts: FixturePost[],
): Promise<BenchRow[]> {
  await session.setReadInPage(true);
  const inPage = await measure(session, posts);
  await session.setReadInPage(false);
  const framed = await measure(session, posts);
  const ratio = framed.firstReadable / inPage.firstReadable;
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  return [
    {
      name: "feed: every post in view readable after load, private reading vs in-page",
      opsPerSec: 1000 / framed.firstReadable,
      note: `${ms(framed.firstReadable)} vs ${ms(inPage.firstReadable)} (${ratio.toFixed(2)}×, goal within 2×)`,
    },
    {
      name: "feed: longest task while scrolling all 1,000 posts, private vs in-page",
      opsPerSec: 0,
      note: `${ms(framed.longestTask)} vs ${ms(inPage.longestTask)}`,
    },
    {
      name: "feed: page JS heap after scrolling all 200 tokens, private vs in-page",
      opsPerSec: 0,
      note: `${framed.heapMb.toFixed(1)} MB vs ${inPage.heapMb.toFixed(1)} MB (frames' own processes not counted)`,
    },
  ];
}
