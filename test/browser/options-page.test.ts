/**
 * The options page in real Chromium: groups with their state and pinned key, key backup export
 * (a password-encrypted file) and import in another profile, password change, per-site
 * auto-decrypt (dynamic content-script registration), auto-lock time, leaving a group.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import {
  type ExtensionBrowser,
  type GryptServer,
  launchExtension,
  startGryptServer,
} from "./helpers/launch-chromium.ts";
import {
  byTestId,
  createIdentity,
  fingerprintPrefix,
  joinWith,
  PASSWORD,
  waitForGroupState,
} from "./helpers/popup-actions.ts";

/** The extension API calls made inside the worker below. */
declare const chrome: {
  scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches?: string[] }[]> };
  storage: { local: { get(keys: null): Promise<Record<string, unknown>> } };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  alarms: { getAll(): Promise<{ name: string }[]> };
};

let browser: ExtensionBrowser;
let server: GryptServer;
let popup: Page;
let options: Page;
let fingerprint: string;
let backupPath: string;
const NEW_PASSWORD = "a brand new passphrase";

const registeredMatches = async () => {
  const worker = await browser.serviceWorker();
  const scripts = await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts());
  return scripts.flatMap((script) => script.matches ?? []).sort();
};

before(async () => {
  [browser, server] = await Promise.all([
    launchExtension(),
    startGryptServer({ name: "Garden club" }),
  ]);
  popup = await browser.openPopup();
  fingerprint = await createIdentity(popup, "Carol");
  await joinWith(popup, server.invite);
  await waitForGroupState(popup, "pending");
  await server.admin("approve", fingerprintPrefix(fingerprint));
  await waitForGroupState(popup, "member");
  options = await browser.openOptions();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("lists the group with its state and pinned server key", async () => {
  await waitForGroupState(options, "member");
  const text = (await options.locator(".group").first().textContent()) ?? "";
  assert.match(text, /Garden club/);
  const pin = server.invite.split(":")[2]!.toUpperCase().match(/.{4}/g)!.join(" ");
  assert.ok(text.includes(pin), "shows the pinned fingerprint");
});

test("re-pinning asks the server for its key and shows it for confirmation", async () => {
  await byTestId(options, "repin").click();
  await byTestId(options, "trust-panel").waitFor({ state: "visible", timeout: 20_000 });
  const pin = server.invite.split(":")[2]!.toUpperCase().match(/.{4}/g)!.join(" ");
  assert.equal(await byTestId(options, "trust-fingerprint").textContent(), pin);
  await byTestId(options, "trust-accept").click();
  await byTestId(options, "trust-panel").waitFor({ state: "hidden" });
  await waitForGroupState(options, "member");
});

test("exports the key backup as a password-encrypted file", async () => {
  const [download] = await Promise.all([
    options.waitForEvent("download"),
    byTestId(options, "export-backup").click(),
  ]);
  assert.match(download.suggestedFilename(), /^grypt-key-backup-\d{4}-\d{2}-\d{2}\.json$/);
  backupPath = (await download.path())!;
  const file = JSON.parse(readFileSync(backupPath, "utf8")) as Record<string, unknown>;
  assert.equal(file.kdf, "pbkdf2-sha256");
  assert.equal(file.iterations, 600_000);
  assert.doesNotMatch(JSON.stringify(file), /Pkcs8|Carol/, "no private key or name in the clear");
});

test("changing the password: the old one is checked, the new one unlocks, keys survive", async () => {
  await byTestId(options, "old-password").fill("wrong password!");
  await byTestId(options, "new-password").fill(NEW_PASSWORD);
  await byTestId(options, "new-password-repeat").fill(NEW_PASSWORD);
  await byTestId(options, "change-password").click();
  await options.waitForFunction(
    () => document.querySelector('[data-testid="password-message"]')?.textContent !== "",
  );
  assert.equal(
    await byTestId(options, "password-message").textContent(),
    "Wrong password. Nothing was changed.",
  );
  await byTestId(options, "old-password").fill(PASSWORD);
  await byTestId(options, "change-password").click();
  await options.waitForFunction(
    () =>
      /Password changed/.test(
        document.querySelector('[data-testid="password-message"]')?.textContent ?? "",
      ),
    undefined,
    { timeout: 30_000 },
  );
  await server.admin("rotate");
  await popup.waitForFunction(
    async () =>
      (
        (await chrome.runtime.sendMessage({ type: "get-state" })) as {
          state: { groups: { keyCount: number }[] };
        }
      ).state.groups[0]?.keyCount === 2,
    undefined,
    { timeout: 20_000, polling: 200 },
  );
  await byTestId(popup, "lock").click();
  await byTestId(popup, "unlock-password").fill(PASSWORD);
  await byTestId(popup, "unlock").click();
  await popup.waitForFunction(
    () =>
      /Wrong password/.test(
        document.querySelector('[data-testid="unlock-message"]')?.textContent ?? "",
      ),
    undefined,
    { timeout: 30_000 },
  );
  await byTestId(popup, "unlock-password").fill(NEW_PASSWORD);
  await byTestId(popup, "unlock").click();
  await byTestId(popup, "member-view").waitFor({ timeout: 30_000 });
  const state = await popup.evaluate(() => chrome.runtime.sendMessage({ type: "get-state" }));
  assert.equal(
    (state as { state: { groups: { keyCount: number }[] } }).state.groups[0]?.keyCount,
    2,
    "epoch keys re-sealed, the new one kept",
  );
});

test("the backup imports in another browser profile with its password", async () => {
  const second = await launchExtension();
  try {
    const page = await second.openPopup();
    await byTestId(page, "backup-file").setInputFiles(backupPath);
    await byTestId(page, "backup-password").fill("not it");
    await byTestId(page, "import").click();
    await page.waitForFunction(
      () =>
        /Wrong password/.test(
          document.querySelector('[data-testid="import-message"]')?.textContent ?? "",
        ),
      undefined,
      { timeout: 30_000 },
    );
    await byTestId(page, "backup-password").fill(PASSWORD);
    await byTestId(page, "import").click();
    await byTestId(page, "fingerprint").waitFor({ timeout: 30_000 });
    assert.equal(await byTestId(page, "fingerprint").textContent(), fingerprint);
    assert.equal(await byTestId(page, "member-name").textContent(), "Carol");
  } finally {
    await second.close();
  }
});

test("per-site auto-decrypt: known sites on by default, switching one off unregisters it", async () => {
  assert.deepEqual(await registeredMatches(), [
    "*://*.facebook.com/*",
    "*://bsky.app/*",
    "*://mastodon.social/*",
    "*://twitter.com/*",
    "*://x.com/*",
  ]);
  const box = byTestId(options, "site-x.com");
  assert.ok(await box.isChecked());
  await box.uncheck();
  const deadline = Date.now() + 10_000;
  while ((await registeredMatches()).includes("*://x.com/*")) {
    assert.ok(Date.now() < deadline, "x.com still registered");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await box.check();
  while (!(await registeredMatches()).includes("*://x.com/*")) {
    assert.ok(Date.now() < deadline, "x.com not registered again");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

test("a host name that is not one is refused before asking for permission", async () => {
  await byTestId(options, "site-input").fill("not a host/with path");
  await byTestId(options, "site-add").click();
  assert.match((await byTestId(options, "sites-message").textContent()) ?? "", /host name/);
});

test("the site field takes a host:port or a pasted address, and names the permission asked for", async () => {
  const hint = byTestId(options, "site-hint");
  await byTestId(options, "site-input").fill("127.0.0.1:8088");
  assert.match(
    (await hint.textContent()) ?? "",
    /read 127\.0\.0\.1 \(\*:\/\/127\.0\.0\.1\/\*\).*any port, not only 8088/,
  );
  await byTestId(options, "site-input").fill("https://Social.Example:8443/@alice");
  assert.match(
    (await hint.textContent()) ?? "",
    /read social\.example \(\*:\/\/social\.example\/\*\)/,
  );
  await byTestId(options, "site-input").fill("");
});

test("auto-lock time: saved, and out-of-range values refused", async () => {
  await byTestId(options, "auto-lock-minutes").fill("0");
  await byTestId(options, "auto-lock-save").click();
  assert.match((await byTestId(options, "auto-lock-message").textContent()) ?? "", /whole minutes/);
  await byTestId(options, "auto-lock-minutes").fill("5");
  await byTestId(options, "auto-lock-save").click();
  await options.waitForFunction(
    () => document.querySelector('[data-testid="auto-lock-message"]')?.textContent === "Saved.",
  );
  const state = (await options.evaluate(() =>
    chrome.runtime.sendMessage({ type: "get-state" }),
  )) as { state: { autoLockMinutes: number } };
  assert.equal(state.state.autoLockMinutes, 5);
  const worker = await browser.serviceWorker();
  const alarms = await worker.evaluate(async () =>
    (await chrome.alarms.getAll()).map((alarm) => alarm.name).sort(),
  );
  assert.deepEqual(alarms, ["auto-lock-check", "keepalive"]);
});

test("leaving a group deletes it and its keys", async () => {
  options.once("dialog", (dialog) => void dialog.accept());
  await options.locator('[data-testid="leave"]').first().click();
  await options.waitForFunction(() => document.querySelectorAll(".group").length === 0);
  const worker = await browser.serviceWorker();
  const stored = await worker.evaluate(() => chrome.storage.local.get(null));
  assert.deepEqual(
    Object.keys(stored).filter((key) => key.startsWith("keys:")),
    [],
  );
  assert.deepEqual(stored.groups, {});
});
