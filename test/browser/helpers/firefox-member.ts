/**
 * A ready grypt member in Firefox, for tests that start past joining: a real grypt server, the
 * fixture social site, Firefox with the extension, an identity made in the popup and joined to
 * the group by invite, approved through the admin socket.
 */
import * as v from "valibot";
import { type SocialSite, startSocialSite } from "../../fixtures/social-site/serve.ts";
import type { FirefoxTab } from "./firefox-bidi.ts";
import {
  createIdentity,
  type FirefoxGrypt,
  launchFirefoxWithGrypt,
  waitForGroupState,
} from "./firefox-grypt.ts";
import { type GryptServer, startGryptServer } from "./grypt-server.ts";

export interface FirefoxMember {
  browser: FirefoxGrypt;
  server: GryptServer;
  site: SocialSite;
  popup: FirefoxTab;
  close(): Promise<void>;
}

/**
 * `readInPage`: the member switched on "the page's own text", for tests that read what grypt put
 * in the page (private reading, the default, shows posts in frames the page cannot read).
 */
export async function startFirefoxMember(
  group: string,
  options: { readInPage?: boolean } = {},
): Promise<FirefoxMember> {
  const server = await startGryptServer({ name: group });
  let site: SocialSite | undefined;
  let browser: FirefoxGrypt | undefined;
  const close = async () => {
    await browser?.close();
    await site?.close();
    await server.stop();
  };
  try {
    site = await startSocialSite();
    browser = await launchFirefoxWithGrypt();
    const popup = await browser.firefox.newTab(browser.grypt.url("popup/popup.html"));
    const fingerprint = await createIdentity(popup, "Firefox member", "firefox member password");
    await popup.fill('[data-testid="join-input"]', server.invite);
    await popup.click('[data-testid="join"]');
    await waitForGroupState(popup, "pending");
    await server.admin("approve", fingerprint.slice(0, 16));
    await waitForGroupState(popup, "member");
    if (options.readInPage)
      await popup.evaluate(
        'browser.runtime.sendMessage({ type: "set-read-in-page", enabled: true }).then(() => true)',
        v.literal(true),
      );
    return { browser, server, site, popup, close };
  } catch (error) {
    await close();
    throw error;
  }
}
