/**
 * Server pinning in the popup: a server presenting another key than the invite pinned is
 * refused with a warning that says why; a bare URL shows the server's fingerprint and pins it
 * only when the user confirms.
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
import { byTestId, createIdentity, joinWith, waitForGroupState } from "./helpers/popup-actions.ts";

/** The extension API call made inside the worker below. */
declare const chrome: { action: { getBadgeText(details: object): Promise<string> } };

let browser: ExtensionBrowser;
let real: GryptServer;
let impostor: GryptServer;
let other: GryptServer;
let popup: Page;

const grouped = (hex: string) => hex.toUpperCase().match(/.{4}/g)!.join(" ");
const inviteFingerprint = (invite: string) => invite.split(":")[2]!;

before(async () => {
  [browser, real, impostor, other] = await Promise.all([
    launchExtension(),
    startGryptServer({ name: "Real group" }),
    startGryptServer({ name: "Impostor" }),
    startGryptServer({ name: "Other group" }),
  ]);
  popup = await browser.openPopup();
  await createIdentity(popup, "Bob");
});

after(async () => {
  await browser?.close();
  await real?.stop();
  await impostor?.stop();
  await other?.stop();
});

test("a server with another key than the pinned one is refused, with the reason", async () => {
  const fingerprint = inviteFingerprint(real.invite);
  const hijacked = `grypt-invite:1:${fingerprint}:${impostor.url}`;
  await joinWith(popup, hijacked);
  await waitForGroupState(popup, "key-mismatch");
  const detail =
    (await popup
      .locator('.group[data-state="key-mismatch"] [data-testid="group-detail"]')
      .textContent()) ?? "";
  assert.match(detail, /^Refused: the server presented key/);
  assert.ok(
    detail.includes(grouped(inviteFingerprint(impostor.invite))),
    "names the key the server presented",
  );
  assert.ok(detail.includes(grouped(fingerprint)), "names the pinned key");
  assert.match(detail, /intercepting/);
  assert.equal(
    (await impostor.admin("pending")).trim(),
    "No pending requests.",
    "no join request reached the impostor",
  );
  const worker = await browser.serviceWorker();
  assert.equal(
    await worker.evaluate(() => chrome.action.getBadgeText({})),
    "!",
    "the toolbar badge warns",
  );
});

test("a bare URL shows the server fingerprint and joins only after the user confirms", async () => {
  await joinWith(popup, other.url);
  const panel = byTestId(popup, "trust-panel");
  await panel.waitFor({ state: "visible", timeout: 20_000 });
  assert.equal(
    await byTestId(popup, "trust-fingerprint").textContent(),
    grouped(inviteFingerprint(other.invite)),
  );
  assert.match((await byTestId(popup, "trust-server").textContent()) ?? "", /Other group/);
  await byTestId(popup, "trust-accept").click();
  await panel.waitFor({ state: "hidden" });
  await popup
    .locator('.group[data-state="pending"]', { hasText: "Other group" })
    .waitFor({ timeout: 20_000 });
});

test("the real server's URL for an already pinned group connects without asking again", async () => {
  await joinWith(popup, real.url);
  await popup
    .locator('.group[data-state="pending"]', { hasText: "Real group" })
    .waitFor({ timeout: 20_000 });
  assert.equal(await popup.locator('.group[data-state="key-mismatch"]').count(), 0);
  assert.ok(await byTestId(popup, "trust-panel").isHidden());
});

test("declining a bare URL's key pins nothing", async () => {
  const before = await popup.locator(".group").count();
  await joinWith(popup, impostor.url);
  await byTestId(popup, "trust-panel").waitFor({ state: "visible", timeout: 20_000 });
  await byTestId(popup, "trust-reject").click();
  await byTestId(popup, "trust-panel").waitFor({ state: "hidden" });
  assert.equal(await popup.locator(".group").count(), before);
});

test("the admin denying the request shows denied", async () => {
  await joinWith(popup, impostor.invite);
  await popup
    .locator('.group[data-state="pending"]', { hasText: "Impostor" })
    .waitFor({ timeout: 20_000 });
  const fingerprint = (await byTestId(popup, "fingerprint").textContent())!
    .replace(/\s+/g, "")
    .toLowerCase();
  await impostor.admin("deny", fingerprint.slice(0, 16));
  await popup
    .locator('.group[data-state="denied"]', { hasText: "Impostor" })
    .waitFor({ timeout: 20_000 });
});

test("approved, then removed by the admin, shows removed", async () => {
  const fingerprint = (await byTestId(popup, "fingerprint").textContent())!
    .replace(/\s+/g, "")
    .toLowerCase();
  await other.admin("approve", fingerprint.slice(0, 16));
  await popup
    .locator('.group[data-state="member"]', { hasText: "Other group" })
    .waitFor({ timeout: 20_000 });
  await other.admin("kick", fingerprint.slice(0, 16));
  await popup
    .locator('.group[data-state="removed"]', { hasText: "Other group" })
    .waitFor({ timeout: 20_000 });
});

test("a server that goes away shows unreachable, with the reason", async () => {
  await real.stop();
  const row = popup.locator('.group[data-state="unreachable"]', { hasText: "Real group" });
  await row.waitFor({ timeout: 20_000 });
  assert.match(
    (await row.locator('[data-testid="group-detail"]').textContent()) ?? "",
    /unreachable.*Retrying in \d+ s/i,
  );
});
