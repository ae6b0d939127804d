/**
 * Regenerates the README's screenshots (docs/images/): a real grypt server, Chromium with the
 * built extension, a member created, joined and approved, and the fixture social site's feed.
 * Run: npx tsx scripts/screenshots.ts
 */
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import {
  type ExtensionBrowser,
  launchExtension,
  startGryptServer,
} from "../test/browser/helpers/launch-chromium.ts";
import { startMemberProfile } from "../test/browser/helpers/two-members.ts";
import { startSocialSite } from "../test/fixtures/social-site/serve.ts";

const OUT = "docs/images";

/** The extension API calls made in the service worker below. */
declare const chrome: {
  tabs: {
    query(filter: { url: string }): Promise<{ id?: number }[]>;
    sendMessage(tabId: number, message: unknown): Promise<unknown>;
  };
};

/** "Write privately here" on the fixture site's textarea, with words typed into the composer. */
async function privateComposerShot(browser: ExtensionBrowser, feed: Page): Promise<void> {
  await feed.click("#plain-textarea");
  const worker = await browser.serviceWorker();
  await worker.evaluate(async (url) => {
    const [tab] = await chrome.tabs.query({ url });
    if (tab?.id === undefined) throw new Error("no fixture tab");
    await chrome.tabs.sendMessage(tab.id, {
      type: "open-composer",
      composerId: "ScreenshotComposer0000",
    });
  }, feed.url());
  const frame = feed.frameLocator('iframe[data-grypt="private-composer"]');
  await frame.locator('[data-testid="private-text"]').waitFor();
  await feed.keyboard.type("Meet at the usual place, 7 pm. Only the club reads this.");
  await feed.screenshot({
    path: `${OUT}/private-composer.png`,
    clip: { x: 0, y: 0, width: 620, height: 300 },
  });
}
mkdirSync(OUT, { recursive: true });

const server = await startGryptServer({ name: "Book club" });
const site = await startSocialSite();
const fresh = await launchExtension();
try {
  const firstRun = await fresh.openPopup();
  await firstRun.setViewportSize({ width: 380, height: 560 });
  await firstRun.screenshot({ path: `${OUT}/popup-first-run.png` });

  const alice = await startMemberProfile("Alice", server, site);
  try {
    await alice.popup.setViewportSize({ width: 380, height: 720 });
    const token = await alice.compose("Meet at the usual place, 7 pm. Bring the second volume.");
    await alice.popup.screenshot({ path: `${OUT}/popup-member.png` });
    const feed = await alice.openFeed([
      { text: "Lovely weather today, going for a walk along the river." },
      { text: token },
      { text: "Has anyone read the new translation? Thoughts welcome." },
    ]);
    await feed.setViewportSize({ width: 900, height: 600 });
    await feed.locator("[data-grypt=decrypted]").first().waitFor({ timeout: 20_000 });
    await feed.locator("#feed").screenshot({ path: `${OUT}/feed-decrypted.png` });
    await privateComposerShot(alice.browser, feed);
    const outsider = await fresh.context.newPage();
    await outsider.setViewportSize({ width: 900, height: 600 });
    await outsider.goto(`http://127.0.0.1:${site.port}/`);
    await outsider.waitForSelector("html[data-fixture-ready]");
    await outsider.locator("#feed").screenshot({ path: `${OUT}/feed-outsider.png` });
    const options = await alice.browser.openOptions();
    await options.setViewportSize({ width: 900, height: 900 });
    await options.screenshot({ path: `${OUT}/options.png`, fullPage: true });
  } finally {
    await alice.close();
  }
} finally {
  await fresh.close();
  await site.close();
  await server.stop();
}
console.log(`screenshots written to ${OUT}/`);
