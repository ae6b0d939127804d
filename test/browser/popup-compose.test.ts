/**
 * Secure compose from the popup into a site's field (the site sees only the token), the context
 * menu entries per group, and the background's answers to requests that do not parse.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type MemberSession, startMemberSession } from "../fixtures/social-site/member-session.ts";
import { evaluateInContentScript } from "./helpers/launch-chromium.ts";
import { byTestId } from "./helpers/popup-actions.ts";

/** The extension API calls made inside extension pages and the worker below. */
declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  contextMenus: { update(id: string, properties: { title?: string }): Promise<void> };
};

describe("popup composer and background messaging", { timeout: 240_000 }, () => {
  let session: MemberSession;
  before(async () => {
    // The page's own text: these tests follow grypt's work in the page's DOM.
    session = await startMemberSession({ readInPage: true });
  });
  after(async () => {
    await session?.close();
  });

  it("inserts the token into the focused field of the active tab; the page never sees the plaintext", async () => {
    const site = await session.openSite([]);
    await site.locator("#plain-textarea").focus();
    await site.bringToFront();
    const popup = session.popup;
    await popup.reload();
    await byTestId(popup, "compose-text").fill("meet at noon");
    await byTestId(popup, "compose-encrypt").click();
    await popup.waitForFunction(
      () =>
        (document.querySelector<HTMLTextAreaElement>('[data-testid="compose-token"]')?.value ??
          "") !== "",
    );
    const token = await byTestId(popup, "compose-token").inputValue();
    await byTestId(popup, "compose-insert").click();
    await popup.waitForFunction(
      () =>
        /Inserted/.test(
          document.querySelector('[data-testid="compose-message"]')?.textContent ?? "",
        ),
      undefined,
      { timeout: 15_000 },
    );
    assert.equal(await site.locator("#plain-textarea").inputValue(), token);
    assert.equal(
      await site.evaluate(() => document.documentElement.outerHTML.includes("meet at noon")),
      false,
    );
    await site.close();
  });

  it("insert fails loudly when the active tab has no grypt content script", async () => {
    const blank = await session.browser.context.newPage();
    await blank.goto("about:blank");
    await blank.bringToFront();
    const reply = (await session.popup.evaluate(() =>
      chrome.runtime.sendMessage({ type: "insert-into-tab", text: "x" }),
    )) as {
      ok: boolean;
      error?: { code: string; message: string };
    };
    assert.equal(reply.ok, false);
    assert.equal(reply.error?.code, "NOT_FOUND");
    await blank.close();
  });

  it("has an 'Encrypt for <group>' context menu item for the joined group", async () => {
    const worker = await session.browser.serviceWorker();
    const id = `encrypt-for:${session.groupId}`;
    await worker.evaluate((itemId) => chrome.contextMenus.update(itemId, {}), id);
    await assert.rejects(
      worker.evaluate(() => chrome.contextMenus.update("encrypt-for:NoSuchGroup", {})),
    );
  });

  it("answers malformed or unknown requests with MESSAGE_INVALID, never silence", async () => {
    const ask = (message: unknown) =>
      session.popup.evaluate((m) => chrome.runtime.sendMessage(m), message);
    for (const message of [
      { type: "no-such-request" },
      { type: "unlock" },
      { type: "compose", groupId: "bad id!", plaintext: "x" },
      "text",
      null,
    ]) {
      const reply = (await ask(message)) as { ok: boolean; error: { code: string } };
      assert.equal(reply.ok, false, JSON.stringify(message));
      assert.equal(reply.error.code, "MESSAGE_INVALID");
    }
  });

  it("refuses the popup's requests from a content script (a web page cannot export keys or lock)", async () => {
    const site = await session.openSite([]);
    for (const message of [{ type: "export-backup" }, { type: "get-state" }, { type: "lock" }]) {
      const reply = (await evaluateInContentScript(
        site,
        session.browser.extensionId,
        `chrome.runtime.sendMessage(${JSON.stringify(message)})`,
      )) as {
        type: string;
        error: { code: string };
      };
      assert.equal(reply.type, "failure", message.type);
      assert.equal(reply.error.code, "MESSAGE_INVALID");
    }
    const { state } = (await session.ui({ type: "get-state" })) as { state: { vault: string } };
    assert.equal(state.vault, "unlocked");
    await site.close();
  });
});
