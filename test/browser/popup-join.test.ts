/**
 * The popup in real Chromium with the built extension and a real grypt server: first run,
 * join by invite, pending → approved through the admin socket → member, live; lock and unlock.
 */
import assert from "node:assert/strict";
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

let browser: ExtensionBrowser;
let server: GryptServer;
let popup: Page;
let fingerprint: string;

before(async () => {
  [browser, server] = await Promise.all([
    launchExtension(),
    startGryptServer({ name: "Book club" }),
  ]);
  popup = await browser.openPopup();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("first run offers to create an identity, with a strength hint", async () => {
  await byTestId(popup, "first-run").waitFor();
  await byTestId(popup, "password").fill("abc");
  assert.match((await byTestId(popup, "strength").textContent()) ?? "", /Weak/);
  await byTestId(popup, "name").fill("Alice");
  await byTestId(popup, "password").fill("long enough password");
  await byTestId(popup, "password-repeat").fill("a different password");
  await byTestId(popup, "create").click();
  assert.match((await byTestId(popup, "create-message").textContent()) ?? "", /differ/);
});

test("creating an identity shows the fingerprint to read out", async () => {
  fingerprint = await createIdentity(popup, "Alice");
  assert.match(fingerprint, /^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
});

test("join by invite: pending, then member once the admin approves (live, no reload)", async () => {
  await joinWith(popup, server.invite);
  await waitForGroupState(popup, "pending");
  const pending = await server.admin("pending");
  assert.match(pending, new RegExp(fingerprintPrefix(fingerprint, 8), "i"));
  await server.admin("approve", fingerprintPrefix(fingerprint));
  await waitForGroupState(popup, "member");
  assert.match((await popup.locator(".group strong").first().textContent()) ?? "", /Book club/);
});

test("lock, then a wrong password is refused and changes nothing", async () => {
  await byTestId(popup, "lock").click();
  await byTestId(popup, "unlock-view").waitFor();
  await byTestId(popup, "unlock-password").fill("not the password");
  await byTestId(popup, "unlock").click();
  await popup.waitForFunction(
    () => (document.querySelector('[data-testid="unlock-message"]')?.textContent ?? "") !== "",
  );
  assert.equal(
    await byTestId(popup, "unlock-message").textContent(),
    "Wrong password. Nothing was changed.",
  );
  await byTestId(popup, "unlock-password").fill(PASSWORD);
  await byTestId(popup, "unlock").click();
  await byTestId(popup, "member-view").waitFor({ timeout: 30_000 });
  await waitForGroupState(popup, "member");
});

test("the composer encrypts for the group and shows the length against site limits", async () => {
  await byTestId(popup, "compose-text").fill("hi");
  await byTestId(popup, "compose-encrypt").click();
  await popup.waitForFunction(
    () =>
      (document.querySelector<HTMLTextAreaElement>('[data-testid="compose-token"]')?.value ??
        "") !== "",
  );
  const token = await byTestId(popup, "compose-token").inputValue();
  assert.match(token, /^grypt:[0-9A-Za-z]+:1:[0-9A-Za-z]+$/);
  const length = (await byTestId(popup, "compose-length").textContent()) ?? "";
  assert.match(length, new RegExp(`^${token.length} characters · X 280 ✓`));

  // A state push while the token is shown (here a rotation) keeps the exact length and the token.
  await server.admin("rotate");
  await popup.waitForFunction(() =>
    /epoch 2\b/.test(document.querySelector('[data-testid="group-detail"]')?.textContent ?? ""),
  );
  assert.equal(await byTestId(popup, "compose-length").textContent(), length);
  assert.equal(await byTestId(popup, "compose-token").inputValue(), token);

  // Editing the text hides the old token and goes back to an estimate.
  await byTestId(popup, "compose-text").fill("hi there");
  assert.equal(await byTestId(popup, "compose-token").isVisible(), false);
  assert.match(
    (await byTestId(popup, "compose-length").textContent()) ?? "",
    /^about \d+ characters/,
  );
});
