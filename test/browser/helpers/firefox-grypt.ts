/**
 * The grypt extension in a real Firefox: its Firefox build (build/extension-firefox, made by
 * ext-core's build when stale) copied to a private folder, installed into a fresh headless
 * Firefox whose DNS sends every host name to 127.0.0.1 (so the fixture site can be opened as
 * x.com, a known social site), and the popup steps the tests repeat.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as v from "valibot";
import { FIREFOX_DIR } from "../../../scripts/build-extension.ts";
import {
  type FirefoxBrowser,
  type FirefoxTab,
  type InstalledExtension,
  launchFirefox,
} from "./firefox-bidi.ts";
import { ensureExtensionBuilt } from "./launch-chromium.ts";

export interface FirefoxGrypt {
  firefox: FirefoxBrowser;
  grypt: InstalledExtension;
  close(): Promise<void>;
}

export async function launchFirefoxWithGrypt(): Promise<FirefoxGrypt> {
  await ensureExtensionBuilt();
  const dir = mkdtempSync(join(tmpdir(), "grypt-firefox-ext-"));
  cpSync(FIREFOX_DIR, dir, { recursive: true });
  let firefox: FirefoxBrowser;
  try {
    firefox = await launchFirefox({
      extensions: [dir],
      prefs: { "network.dns.forceResolve": "127.0.0.1" },
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    firefox,
    grypt: firefox.extensions[0]!,
    close: async () => {
      await firefox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const testid = (id: string) => `[data-testid="${id}"]`;

/** First run in the popup: name and password, then wait for the member view's fingerprint. */
export async function createIdentity(
  popup: FirefoxTab,
  name: string,
  password: string,
): Promise<string> {
  await popup.waitFor(
    `document.querySelector('${testid("first-run")}') !== null`,
    v.literal(true),
    { what: "the first-run view" },
  );
  await popup.fill(testid("name"), name);
  await popup.fill(testid("password"), password);
  await popup.fill(testid("password-repeat"), password);
  await popup.click(testid("create"));
  const shown = `document.querySelector('${testid("fingerprint")}')?.textContent || null`;
  const fingerprint = await popup.waitFor(shown, v.string(), {
    timeoutMs: 90_000,
    what: "the new identity's fingerprint",
  });
  return fingerprint.replace(/\s+/g, "").toLowerCase();
}

/** The state and detail line of each group row in the popup. */
export const GROUP_ROWS = `[...document.querySelectorAll('${testid("groups")} [data-state]')].map((row) => ({
  state: row.dataset.state,
  detail: row.querySelector('${testid("group-detail")}')?.textContent ?? "",
}))`;
export const GroupRows = v.array(v.object({ state: v.string(), detail: v.string() }));

/** Wait until the popup shows one group in `state`; the rows seen last go into the error. */
export async function waitForGroupState(
  popup: FirefoxTab,
  state: string,
  timeoutMs = 30_000,
): Promise<void> {
  try {
    await popup.waitFor(
      `${GROUP_ROWS}.some((row) => row.state === ${JSON.stringify(state)})`,
      v.literal(true),
      { timeoutMs },
    );
  } catch (error) {
    const rows = await popup.evaluate(GROUP_ROWS, GroupRows).catch(() => []);
    throw new Error(
      `popup never showed a group "${state}": ${JSON.stringify(rows)} (${String(error)})`,
    );
  }
}

/** Encrypt text with the popup's composer (default group); resolves with the new token. */
export async function composeToken(popup: FirefoxTab, plaintext: string): Promise<string> {
  const output = `document.querySelector('${testid("compose-token")}').value`;
  const before = await popup.evaluate(output, v.string());
  await popup.fill(testid("compose-text"), plaintext);
  await popup.click(testid("compose-encrypt"));
  const changed = `(${output} !== ${JSON.stringify(before)} && ${output}) || document.querySelector('${testid("compose-message")}')?.textContent || null`;
  const token = await popup.waitFor(changed, v.string(), { what: "the composer's token" });
  if (!token.startsWith("grypt:")) throw new Error(`the composer did not encrypt: ${token}`);
  return token;
}

/**
 * Wrap a test body so that a failure carries what Firefox printed (the extension background's
 * console and script errors, which no page can see) under the original error.
 */
export function withFirefoxLog(
  current: () => FirefoxGrypt | undefined,
  body: () => Promise<void>,
): () => Promise<void> {
  return async () => {
    try {
      await body();
    } catch (error) {
      const log = current()?.firefox.consoleOutput() ?? "";
      if (log === "" || !(error instanceof Error)) throw error;
      error.message = `${error.message}\n--- Firefox console (last lines) ---\n${log}`;
      throw error;
    }
  };
}
