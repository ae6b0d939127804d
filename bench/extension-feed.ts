/**
 * The content script on a busy feed, in real Chromium with the built extension, a real grypt
 * server and an approved member: 1,000 posts holding 200 tokens, appended in one go and in
 * batches of 100 (infinite scroll). Reports the time until the tokens are decrypted, the
 * main-thread time the content script adds per 100 posts (against the same page where it does
 * not run), and the sizes of the content script and of the whole extension.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";
import type { Page } from "playwright-core";
import { CHROMIUM_DIR, ROOT } from "../scripts/build-extension.ts";
import {
  type MemberSession,
  startMemberSession,
} from "../test/fixtures/social-site/member-session.ts";
import type { FixturePost } from "../test/fixtures/social-site/serve.ts";
import type { BenchRow } from "./bench-row.ts";
import { benchReadingModes } from "./extension-feed-modes.ts";

const POSTS = 1000;
const TOKENS = 200;
const BATCH = 100;
const BATCH_GAP_MS = 150;
const FILLER = [
  "Lunch was great today, see you all on Friday!",
  "Anyone up for a hike at 10:30? Weather looks fine.",
  "Reading: a long thread about compilers, bookmarks, and tea.",
];

function feedPosts(tokens: string[]): FixturePost[] {
  const every = POSTS / TOKENS;
  return Array.from({ length: POSTS }, (_, i) =>
    i % every === every - 1
      ? { text: `Post ${i}: ${tokens[(i - every + 1) / every]} #grypt` }
      : { text: `${FILLER[i % FILLER.length]} (${i})` },
  );
}

interface Timing {
  /** Per batch: ms from its append until its tokens were all decrypted (0 when none expected). */
  done: number[];
  /** Per batch: ms from its append until the next frame was rendered (when the posts appear). */
  appeared: number[];
}

/** Appends the posts in batches inside the page and times each batch until its tokens are decrypted. */
function appendAndTime(
  page: Page,
  posts: FixturePost[],
  batch: number,
  gapMs: number,
  expectDecrypt: boolean,
): Promise<Timing> {
  return page.evaluate(
    async ({ posts, batch, gapMs, expectDecrypt }) => {
      // No named functions in here: the TypeScript runner's transform would rename them.
      const query = '#feed [data-grypt="decrypted"]';
      const done: number[] = [];
      const appeared: number[] = [];
      let expected = 0;
      for (let i = 0; i < posts.length; i += batch) {
        const chunk = posts.slice(i, i + batch);
        expected += expectDecrypt
          ? chunk.filter((post) => post.text?.includes("grypt:")).length
          : 0;
        const start = performance.now();
        window.__appendPosts(chunk);
        const shown = new Promise<number>((resolve) =>
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0)),
        );
        const decrypted = new Promise<number>((resolve) => {
          if (document.querySelectorAll(query).length >= expected)
            return resolve(performance.now() - start);
          const observer = new MutationObserver(() => {
            if (document.querySelectorAll(query).length >= expected) {
              observer.disconnect();
              resolve(performance.now() - start);
            }
          });
          observer.observe(document.getElementById("feed")!, {
            subtree: true,
            attributes: true,
            attributeFilter: ["data-grypt"],
          });
        });
        appeared.push(await shown);
        done.push(await decrypted);
        await new Promise((resolve) => setTimeout(resolve, gapMs));
      }
      return { done, appeared };
    },
    { posts, batch, gapMs, expectDecrypt },
  );
}

/** Main-thread task time (ms) of the page's renderer while `work` runs, through the DevTools protocol. */
async function taskTime(page: Page, work: () => Promise<unknown>): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const read = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    return (metrics.find((metric) => metric.name === "TaskDuration")?.value ?? 0) * 1000;
  };
  const before = await read();
  await work();
  const after = await read();
  await cdp.detach();
  return after - before;
}

function folderBytes(path: string): number {
  if (!statSync(path).isDirectory()) return statSync(path).size;
  return readdirSync(path).reduce((sum, name) => sum + folderBytes(join(path, name)), 0);
}

async function minifiedContentScript(): Promise<number> {
  const result = await esbuild.build({
    entryPoints: [join(ROOT, "extension/content/main.ts")],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["chrome121"],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]?.contents.byteLength ?? 0;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function openFeed(session: MemberSession, host: string): Promise<Page> {
  session.site.setPage([]);
  const page = await session.browser.context.newPage();
  await page.goto(`http://${host}:${session.site.port}/`);
  await page.waitForSelector("html[data-fixture-ready]");
  return page;
}

export async function benchFeed(): Promise<BenchRow[]> {
  const session = await startMemberSession();
  try {
    const tokens: string[] = [];
    for (let i = 0; i < TOKENS; i++)
      tokens.push(await session.encrypt(`Private post number ${i}: meet at the usual place.`));
    const posts = feedPosts(tokens);
    const rows: BenchRow[] = await benchReadingModes(session, posts);
    // The rest measures the page's own text (grypt's marks in the page).
    await session.setReadInPage(true);

    // All 1,000 posts at once.
    const once = await openFeed(session, "x.com");
    const all = await appendAndTime(once, posts, POSTS, 0, true);
    await once.close();
    const [allDone, allShown] = [all.done[0]!, all.appeared[0]!];
    rows.push({
      name: `feed: ${TOKENS} tokens in ${POSTS} posts appended at once, all decrypted`,
      opsPerSec: 1000 / allDone,
      note: `${ms(allDone)} after the append; the page itself took ${ms(allShown)} to show the posts, so ${ms(Math.max(0, allDone - allShown))} after they appear (goal 100 ms)`,
    });

    // Batches of 100 (infinite scroll): latency per batch, and main-thread time against a page without grypt.
    const scrolled = await openFeed(session, "x.com");
    let timing: Timing = { done: [], appeared: [] };
    const withGrypt = await taskTime(scrolled, async () => {
      timing = await appendAndTime(scrolled, posts, BATCH, BATCH_GAP_MS, true);
    });
    await scrolled.close();
    const plain = await openFeed(session, "127.0.0.1");
    const without = await taskTime(plain, () =>
      appendAndTime(plain, posts, BATCH, BATCH_GAP_MS, false),
    );
    await plain.close();
    const late = timing.done.map((done, i) => Math.max(0, done - timing.appeared[i]!));
    const mean = timing.done.reduce((a, b) => a + b, 0) / timing.done.length;
    rows.push({
      name: `feed: batch of ${BATCH} posts (${BATCH * (TOKENS / POSTS)} tokens) decrypted`,
      opsPerSec: 1000 / mean,
      note: `mean ${ms(mean)}, worst ${ms(Math.max(...timing.done))} after the append; worst ${ms(Math.max(...late))} after the posts appear`,
    });
    const added = (withGrypt - without) / (POSTS / BATCH);
    rows.push({
      name: "feed: main-thread time grypt adds per 100 posts",
      opsPerSec: 1000 / Math.max(added, 0.001),
      note: `${ms(added)} (${ms(withGrypt)} with grypt vs ${ms(without)} without, whole run)`,
    });

    const content = await minifiedContentScript();
    rows.push({
      name: "content script bundle, minified",
      opsPerSec: 0,
      note: `${kb(content)} (goal < 40 KB)`,
    });
    rows.push({
      name: "content script as built (unminified)",
      opsPerSec: 0,
      note: kb(readFileSync(join(CHROMIUM_DIR, "content/content.js")).byteLength),
    });
    rows.push({
      name: "whole extension folder as built",
      opsPerSec: 0,
      note: kb(folderBytes(CHROMIUM_DIR)),
    });
    return rows;
  } finally {
    await session.close();
  }
}

declare global {
  interface Window {
    __appendPosts(posts: FixturePost[]): string[];
  }
}

if (process.argv[1]?.endsWith("extension-feed.ts")) {
  for (const row of await benchFeed())
    console.log(`${row.name}: ${row.note ?? row.opsPerSec.toFixed(1)}`);
}
