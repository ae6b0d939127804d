/**
 * The MV3 service worker is stopped through the DevTools protocol (as Chrome does when idle)
 * and wakes up again: still unlocked (vault key in storage.session), still decrypting the feed
 * (keys sealed in storage.local), the group connection comes back (a rotation reaches it), and
 * after a lock nothing decrypts.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type MemberSession, startMemberSession } from "../fixtures/social-site/member-session.ts";
import { evaluateInContentScript } from "./helpers/launch-chromium.ts";

const WAIT = { timeout: 20_000 };

/** The one extension API call made inside the worker below. */
declare const chrome: {
  storage: { session: { get(keys: null): Promise<Record<string, unknown>> } };
};

interface GroupState {
  groupId: string;
  state: string;
  keyCount: number;
  epoch: number;
}

describe("service worker restart", { timeout: 240_000 }, () => {
  let session: MemberSession;
  before(async () => {
    // The page's own text: these tests follow grypt's work in the page's DOM.
    session = await startMemberSession({ readInPage: true });
  });
  after(async () => {
    await session?.close();
  });

  const state = async () =>
    (await session.ui({ type: "get-state" })).state as { vault: string; groups: GroupState[] };

  async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it("content scripts cannot read storage.session (the vault key) nor storage.local", async () => {
    const page = await session.openSite([{ text: "nothing" }]);
    const worker = await session.browser.serviceWorker();
    assert.deepEqual(Object.keys(await worker.evaluate(() => chrome.storage.session.get(null))), [
      "vaultKey",
    ]);
    await assert.rejects(
      evaluateInContentScript(
        page,
        session.browser.extensionId,
        "chrome.storage.session.get(null)",
      ),
      /Access to storage is not allowed from this context/,
    );
    await assert.rejects(
      evaluateInContentScript(page, session.browser.extensionId, "chrome.storage.local.get(null)"),
      /Access to storage is not allowed from this context/,
      "nor the encrypted vault in storage.local",
    );
    assert.equal(
      await evaluateInContentScript(
        page,
        session.browser.extensionId,
        "typeof chrome.runtime.sendMessage",
      ),
      "function",
    );
    await page.close();
  });

  it("decrypts after the worker was stopped, without asking for the password", async () => {
    const token = await session.encrypt("survives a restart");
    await session.browser.stopServiceWorker();
    const page = await session.openSite([{ text: token }]);
    await page.waitForFunction(
      () => document.querySelector(".post-body")?.textContent === "survives a restart",
      undefined,
      WAIT,
    );
    assert.equal((await state()).vault, "unlocked");
    await page.close();
  });

  it("reconnects the group after a restart: a rotation reaches the new worker", async () => {
    await session.browser.stopServiceWorker();
    await waitFor(
      "the group to be a member again",
      async () => (await state()).groups[0]?.state === "member",
    );
    await waitFor("the server to see the member connected", async () =>
      /connected\s+1\b/.test(await session.server.admin("status")),
    );
    await session.server.admin("rotate");
    await waitFor("the epoch 2 key", async () => (await state()).groups[0]?.keyCount === 2);
    const token = await session.encrypt("after rotation");
    assert.match(token, /^grypt:[0-9A-Za-z]+:2:/);
    const page = await session.openSite([{ text: token }]);
    await page.waitForFunction(
      () => document.querySelector(".post-body")?.textContent === "after rotation",
      undefined,
      WAIT,
    );
    await page.close();
  });

  it("after lock and a restart nothing decrypts and the keys are gone from storage.session", async () => {
    const token = await session.encrypt("not after lock");
    await session.ui({ type: "lock" });
    await session.browser.stopServiceWorker();
    const page = await session.openSite([{ text: token }]);
    await page.waitForSelector('[data-grypt="unread"]', { ...WAIT, state: "attached" });
    assert.equal(await page.$eval(".post-body", (node) => node.textContent), token);
    assert.equal((await state()).vault, "locked");
    const worker = await session.browser.serviceWorker();
    const session_ = await worker.evaluate(() => chrome.storage.session.get(null));
    assert.deepEqual(session_, {});
    await page.close();
  });

  it("decrypts offline: server gone, worker restarted, keys come from the sealed cache", async () => {
    await session.ui({ type: "unlock", password: "correct horse battery staple" });
    const token = await session.encrypt("read offline");
    await session.server.stop();
    await session.browser.stopServiceWorker();
    const page = await session.openSite([{ text: token }]);
    await page.waitForFunction(
      () => document.querySelector(".post-body")?.textContent === "read offline",
      undefined,
      WAIT,
    );
    await page.close();
  });
});
