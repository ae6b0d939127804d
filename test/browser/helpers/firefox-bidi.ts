/**
 * A headless Firefox ESR driven over WebDriver BiDi, for testing the extension in a real
 * Firefox. launchFirefox() starts Firefox on a fresh profile, opens a BiDi session and installs
 * unpacked extensions (temporary add-ons: unsigned is fine). Each extension given at launch gets
 * a moz-extension:// UUID chosen beforehand through the `extensions.webextensions.uuids` pref,
 * so its pages have known URLs; the UUID is also read back from Firefox to be sure.
 * Firefox runs with --remote-allow-system-access: BiDi may then open moz-extension:// pages and
 * reach the browser window's chrome, where firefox-chrome.ts grants permissions, clicks context
 * menu items, runs shortcuts and suspends event pages. close() always kills Firefox and deletes
 * the profile.
 */
import * as v from "valibot";
import { FirefoxBrowser } from "./firefox-browser.ts";
import { DEFAULT_PREFS, presetUuids } from "./firefox-prefs.ts";
import {
  connectWhenReady,
  createProfile,
  freePort,
  type PrefValue,
  startFirefoxProcess,
} from "./firefox-process.ts";

export { FirefoxBrowser, type InstalledExtension, type LogRecord } from "./firefox-browser.ts";
export { KEYS } from "./firefox-input.ts";
export { firefoxMissingReason } from "./firefox-process.ts";
export { FirefoxTab } from "./firefox-tab.ts";

export interface LaunchFirefoxOptions {
  /** Unpacked extension folders to install at start. */
  extensions?: string[];
  /** Extra user.js preferences (override DEFAULT_PREFS in firefox-prefs.ts). */
  prefs?: Record<string, PrefValue>;
}

const SessionNewResult = v.looseObject({
  capabilities: v.looseObject({ "moz:profile": v.string() }),
});

export async function launchFirefox(options: LaunchFirefoxOptions = {}): Promise<FirefoxBrowser> {
  const dirs = options.extensions ?? [];
  const uuids = presetUuids(dirs);
  const prefs = {
    ...DEFAULT_PREFS,
    "extensions.webextensions.uuids": JSON.stringify(uuids),
    ...options.prefs,
  };
  const firefox = startFirefoxProcess(createProfile(prefs), await freePort());
  let browser: FirefoxBrowser | null = null;
  try {
    const bidi = await connectWhenReady(firefox);
    browser = new FirefoxBrowser(bidi, firefox);
    const session = v.parse(
      SessionNewResult,
      await bidi.command("session.new", { capabilities: {} }),
    );
    // The port was free when chosen; make sure the Firefox answering on it is ours.
    if (session.capabilities["moz:profile"] !== firefox.profile) {
      throw new Error(
        `port ${firefox.port} is answered by another Firefox (${session.capabilities["moz:profile"]})`,
      );
    }
    await bidi.command("session.subscribe", { events: ["log.entryAdded"] });
    for (const dir of dirs) {
      const installed = await browser.installExtension(dir);
      const expected = uuids[installed.id];
      if (expected !== undefined && expected !== installed.host) {
        throw new Error(
          `extension ${installed.id} got UUID ${installed.host}, not the preset ${expected}`,
        );
      }
    }
    return browser;
  } catch (error) {
    if (browser) await browser.close();
    else await firefox.stop();
    throw error;
  }
}
