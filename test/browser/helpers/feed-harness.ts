/**
 * The feed decryptor alone in Chromium, without the extension: feed-harness-page.ts bundled
 * with esbuild (once per process) and added to a page the test writes, with a scripted
 * background (see there). For what needs exact timing: answers held back while the page
 * changes, a lock while the page keeps a post detached.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { type Browser, chromium, type Page } from "playwright-core";
import type { FeedHarnessControls } from "./feed-harness-page.ts";

const ENTRY = join(dirname(fileURLToPath(import.meta.url)), "feed-harness-page.ts");

let bundled: Promise<string> | null = null;

function bundle(): Promise<string> {
  bundled ??= esbuild
    .build({
      entryPoints: [ENTRY],
      bundle: true,
      format: "iife",
      target: ["chrome121"],
      write: false,
      logLevel: "warning",
    })
    .then((result) => result.outputFiles[0]!.text);
  return bundled;
}

export interface FeedHarness {
  /** A new page with this body markup and the decryptor's script (not started yet). */
  open(bodyHtml: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchFeedHarness(): Promise<FeedHarness> {
  const script = await bundle();
  const browser: Browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu"],
  });
  return {
    async open(bodyHtml) {
      const page = await browser.newPage();
      await page.setContent(
        `<!doctype html><html><head><meta charset="utf-8"></head><body>${bodyHtml}</body></html>`,
      );
      await page.addScriptTag({ content: script });
      return page;
    },
    close: () => browser.close(),
  };
}

/** The controls the harness page exposes, for page.evaluate callbacks. */
export type { FeedHarnessControls };

declare global {
  interface Window {
    __feed: FeedHarnessControls;
  }
}
