/**
 * One Chromium profile per group member, for tests with several members of one real grypt
 * server: each profile has its own copy of the built extension, creates its identity and joins
 * by invite in its popup, is approved through the admin socket, and opens the shared fixture
 * social site under x.com.
 */

import type { Page } from "playwright-core";
import { SITE_HOST } from "../../fixtures/social-site/member-session.ts";
import type { FixturePost, SocialSite } from "../../fixtures/social-site/serve.ts";
import { until } from "../../helpers/until.ts";
import { type ExtensionBrowser, type GryptServer, launchExtension } from "./launch-chromium.ts";
import {
  byTestId,
  createIdentity,
  fingerprintPrefix,
  joinWith,
  waitForGroupState,
} from "./popup-actions.ts";

/** The part of a group row in the background's state these tests read. */
export interface GroupSnapshot {
  groupId: string;
  state: string;
  epoch: number;
  keyCount: number;
}

export interface MemberProfile {
  name: string;
  browser: ExtensionBrowser;
  /** The popup, open in a tab for the whole test. */
  popup: Page;
  /** The member's fingerprint: 64 lowercase hex digits. */
  fingerprintHex: string;
  groupId: string;
  /** Sends a UI request from the popup, as the popup does; throws on `{ok: false}`. */
  ui(request: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The member's row for the joined group in the background's state. */
  group(): Promise<GroupSnapshot>;
  /** Encrypts through the popup's composer (typed in the extension page); returns the token. */
  compose(plaintext: string): Promise<string>;
  /** Opens the fixture site with these posts in this profile; waits for the page's script. */
  openFeed(posts: FixturePost[]): Promise<Page>;
  close(): Promise<void>;
}

/** The extension API call made inside the popup below. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

export { until };

/**
 * Launches a profile for `name`, creates its identity and joins `server`'s group through the
 * popup, has the admin approve it and waits until it holds the group key.
 */
export async function startMemberProfile(
  name: string,
  server: GryptServer,
  site: SocialSite,
): Promise<MemberProfile> {
  const browser = await launchExtension({
    args: [`--host-resolver-rules=MAP ${SITE_HOST} 127.0.0.1`],
  });
  try {
    const popup = await browser.openPopup();
    const ui = async (request: Record<string, unknown>) => {
      const reply = (await popup.evaluate(
        (message) => chrome.runtime.sendMessage(message),
        request,
      )) as Record<string, unknown>;
      if (reply?.ok !== true)
        throw new Error(`${name}: ${String(request.type)} failed: ${JSON.stringify(reply)}`);
      return reply;
    };
    const groups = async () =>
      ((await ui({ type: "get-state" })).state as { groups: GroupSnapshot[] }).groups;
    const shown = await createIdentity(popup, name);
    const fingerprintHex = fingerprintPrefix(shown, 64);
    await joinWith(popup, server.invite);
    await waitForGroupState(popup, "pending");
    await server.admin("approve", fingerprintPrefix(shown));
    await waitForGroupState(popup, "member");
    const joined = await until(`${name}'s group key`, async () =>
      (await groups()).find((g) => g.keyCount > 0),
    );
    const groupId = joined.groupId;
    const group = async () => {
      const found = (await groups()).find((g) => g.groupId === groupId);
      if (!found) throw new Error(`${name}: group ${groupId} is gone from the state`);
      return found;
    };
    return {
      name,
      browser,
      popup,
      fingerprintHex,
      groupId,
      ui,
      group,
      compose: async (plaintext) => {
        await byTestId(popup, "compose-text").fill(plaintext);
        await byTestId(popup, "compose-encrypt").click();
        const token = byTestId(popup, "compose-token");
        await token.waitFor({ state: "visible", timeout: 30_000 });
        return token.inputValue();
      },
      openFeed: async (posts) => {
        site.setPage(posts);
        const page = await browser.context.newPage();
        await page.goto(`http://${SITE_HOST}:${site.port}/`);
        await page.waitForSelector("html[data-fixture-ready]");
        return page;
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
