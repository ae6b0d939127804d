/**
 * The options page in real Chromium, locked: besides the unlock form it offers the backup
 * import, so a member who forgot the password restores the identity from a backup.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type ExtensionBrowser, launchExtension } from "./helpers/launch-chromium.ts";
import { byTestId, createIdentity, PASSWORD } from "./helpers/popup-actions.ts";

/** The extension API calls made inside the pages below. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

let browser: ExtensionBrowser;
const tmp = mkdtempSync(join(tmpdir(), "grypt-locked-import-"));

before(async () => {
  browser = await launchExtension();
});

after(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

test("a locked options page imports a key backup and unlocks with it", async () => {
  const popup = await browser.openPopup();
  const fingerprint = await createIdentity(popup, "Dana");
  const backup = (await popup.evaluate(() =>
    chrome.runtime.sendMessage({ type: "export-backup" }),
  )) as { file: string };
  const backupPath = join(tmp, "backup.json");
  writeFileSync(backupPath, backup.file);
  await popup.evaluate(() => chrome.runtime.sendMessage({ type: "lock" }));

  const options = await browser.openOptions();
  await byTestId(options, "options-locked").waitFor({ timeout: 30_000 });
  assert.equal(await byTestId(options, "export-backup").count(), 0, "no export while locked");
  await byTestId(options, "import-file").setInputFiles(backupPath);
  await byTestId(options, "import-password").fill(PASSWORD);
  options.once("dialog", (dialog) => void dialog.accept());
  await byTestId(options, "import-backup").click();
  await byTestId(options, "options-unlocked").waitFor({ timeout: 60_000 });
  const state = (await options.evaluate(() =>
    chrome.runtime.sendMessage({ type: "get-state" }),
  )) as { state: { vault: string; fingerprintHex?: string } };
  assert.equal(state.state.vault, "unlocked");
  assert.equal(state.state.fingerprintHex, fingerprint.replace(/\s+/g, "").toLowerCase());
});
