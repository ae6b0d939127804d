/**
 * Which sites the content script reads. Known social sites are on by default (their host
 * permissions come with the install); any other host is switched on by the user, who grants its
 * permission from the options page. The content script is registered dynamically for exactly
 * the allowed, granted hosts.
 */
import type { SiteView } from "../messages/ui-messages.ts";
import { browser } from "./browser-api.ts";
import { serialized } from "./serial-queue.ts";
import { readSettings, updateSettings } from "./stored-state.ts";

export const KNOWN_SITES = [
  "x.com",
  "twitter.com",
  "mastodon.social",
  "*.facebook.com",
  "bsky.app",
];
const SCRIPT_ID = "grypt-content";

export function hostPattern(host: string): string {
  return `*://${host}/*`;
}

async function granted(host: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [hostPattern(host)] });
  } catch {
    return false;
  }
}

export async function listSites(): Promise<SiteView[]> {
  const { sites } = await readSettings();
  const hosts = [...new Set([...KNOWN_SITES, ...Object.keys(sites)])];
  return Promise.all(
    hosts.map(async (host) => ({
      host,
      enabled: sites[host] ?? KNOWN_SITES.includes(host),
      known: KNOWN_SITES.includes(host),
      granted: await granted(host),
    })),
  );
}

/** Register the content script for every allowed site whose permission is granted. */
export function syncContentScripts(): Promise<void> {
  return serialized("content-scripts", async () => {
    const matches = (await listSites())
      .filter((site) => site.enabled && site.granted)
      .map((site) => hostPattern(site.host));
    const registered = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
    if (registered.length > 0)
      await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    if (matches.length === 0) return;
    await browser.scripting.registerContentScripts([
      {
        id: SCRIPT_ID,
        matches,
        js: ["content/content.js"],
        runAt: "document_idle",
        allFrames: true,
        persistAcrossSessions: true,
      },
    ]);
  });
}

export async function setSite(host: string, enabled: boolean): Promise<void> {
  await updateSettings((settings) => {
    settings.sites[host] = enabled;
  });
  await syncContentScripts();
}

export async function removeSite(host: string): Promise<void> {
  await updateSettings((settings) => {
    delete settings.sites[host];
  });
  if (!KNOWN_SITES.includes(host)) {
    try {
      await browser.permissions.remove({ origins: [hostPattern(host)] });
    } catch {
      // Not granted, or the browser refuses to drop it: the registration below is what matters.
    }
  }
  await syncContentScripts();
}
