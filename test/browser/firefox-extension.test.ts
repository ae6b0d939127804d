/**
 * The grypt extension end to end in a real Firefox ESR (WebDriver BiDi): create an identity in
 * the popup, join a real grypt server by invite, get approved through the admin socket, read
 * group posts in the fixture social site's feed (also one appended later), and encrypt in place
 * in a textarea, a contenteditable and through the keyboard shortcut; then switch a further site
 * on from the options page, where Firefox asks for the host permission in the click.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as v from "valibot";
import { type SocialSite, STRICT_CSP, startSocialSite } from "../fixtures/social-site/serve.ts";
import { type FirefoxTab, firefoxMissingReason } from "./helpers/firefox-bidi.ts";
import {
  composeToken,
  createIdentity,
  type FirefoxGrypt,
  launchFirefoxWithGrypt,
  waitForGroupState,
  withFirefoxLog,
} from "./helpers/firefox-grypt.ts";
import { type GryptServer, startGryptServer } from "./helpers/grypt-server.ts";

const GROUP = "Firefox group";
const MENU_ITEM = `Encrypt in place for ${GROUP} (site has seen it)`;
const SECRET = "Firefox reads this <b>not bold</b> & more";

/** Append a post holding `text` to the feed; resolves with the decrypted text shown in it. */
async function appendAndRead(feed: FirefoxTab, text: string): Promise<string> {
  const [id] = await feed.call(
    "(text) => window.__appendPosts([{ text }])",
    [text],
    v.tuple([v.string()]),
  );
  const shown = `document.querySelector('article[data-post-id="${id}"] [data-grypt="decrypted"]')?.textContent || null`;
  return feed.waitFor(shown, v.string(), { what: `post ${id} to be decrypted` });
}

/** Type `plaintext` into a field, select it all, right-click it and pick the group's menu item. */
async function encryptInPlace(
  firefox: FirefoxGrypt["firefox"],
  feed: FirefoxTab,
  selector: string,
  plaintext: string,
): Promise<void> {
  await feed.fill(selector, plaintext);
  const selectAll = `(selector) => {
    const field = document.querySelector(selector);
    field.focus();
    if (typeof field.select === "function") field.select(); else getSelection().selectAllChildren(field);
    window.__inputEvents = 0;
    field.addEventListener("input", () => { window.__inputEvents += 1; });
    return true;
  }`;
  await feed.call(selectAll, [selector], v.literal(true));
  // Right-click on the selected text itself (first line), so Firefox keeps the selection.
  await feed.click(selector, { button: "right", at: { x: 14, y: 10 } });
  await firefox.clickContextMenuItem(MENU_ITEM);
}

describe("grypt in Firefox", { skip: firefoxMissingReason() ?? false }, () => {
  let server: GryptServer;
  let site: SocialSite;
  let browser: FirefoxGrypt;
  let popup: FirefoxTab;
  let feed: FirefoxTab;
  let fingerprint = "";
  let token = "";
  const logged = (body: () => Promise<void>) => withFirefoxLog(() => browser, body);

  before(async () => {
    server = await startGryptServer({ name: GROUP });
    site = await startSocialSite();
    browser = await launchFirefoxWithGrypt();
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await server?.stop();
  });

  test(
    "creates an identity in the popup",
    logged(async () => {
      popup = await browser.firefox.newTab(browser.grypt.url("popup/popup.html"));
      fingerprint = await createIdentity(popup, "Fiona", "firefox test password");
      assert.match(fingerprint, /^[0-9a-f]{64}$/);
    }),
  );

  test(
    "joins by invite and is approved by the admin over the admin socket",
    logged(async () => {
      await popup.fill('[data-testid="join-input"]', server.invite);
      await popup.click('[data-testid="join"]');
      await waitForGroupState(popup, "pending");
      const pending = await server.admin("pending");
      assert.match(
        pending,
        new RegExp(fingerprint.slice(0, 16)),
        "the server lists the request under our fingerprint",
      );
      assert.match(await server.admin("approve", fingerprint.slice(0, 16)), /keys delivered/);
      await waitForGroupState(popup, "member");
    }),
  );

  test(
    "decrypts group posts in the feed, also one appended after load",
    logged(async () => {
      token = await composeToken(popup, SECRET);
      site.setPage([{ text: `before ${token} after` }, { text: "an ordinary post" }], "", {
        csp: STRICT_CSP,
      });
      feed = await browser.firefox.newTab(`http://x.com:${site.port}/`);
      // Private reading (the default), under a strict Content-Security-Policy: the post shows in
      // a reading frame once the background gave the frame its words; the page's text holds none.
      await feed.waitFor(
        'document.querySelector(\'article[data-post-id="1"] [data-grypt-frame="shown"]\') !== null',
        v.literal(true),
        { what: "the first post's reading frame to show it" },
      );
      assert.equal(
        await feed.evaluate(
          "document.documentElement.outerHTML.includes('Firefox reads')",
          v.boolean(),
        ),
        false,
      );
      // The in-page setting: the feed starts again with the words in the page's own text.
      await popup.evaluate(
        'browser.runtime.sendMessage({ type: "set-read-in-page", enabled: true }).then(() => true)',
        v.literal(true),
      );
      const first =
        'document.querySelector(\'article[data-post-id="1"] [data-grypt="decrypted"]\')?.textContent || null';
      assert.equal(
        await feed.waitFor(first, v.string(), { what: "the first post to be decrypted" }),
        SECRET,
      );
      const body = await feed.evaluate(
        "document.querySelector('article[data-post-id=\"1\"] .post-body').textContent",
        v.string(),
      );
      assert.equal(body, `before ${SECRET} after`);
      assert.equal(
        await feed.evaluate('document.querySelector("#feed b")', v.null()),
        null,
        "markup stays text",
      );
      const plain = await feed.evaluate(
        "document.querySelector('article[data-post-id=\"2\"] .post-body').innerHTML",
        v.string(),
      );
      assert.equal(plain, "an ordinary post");
      assert.equal(await appendAndRead(feed, `appended: ${token}`), SECRET);
    }),
  );

  test(
    "encrypts in place in a textarea through the context menu",
    logged(async () => {
      await encryptInPlace(
        browser.firefox,
        feed,
        "#plain-textarea",
        "secret from a Firefox textarea",
      );
      const value = "document.getElementById('plain-textarea').value";
      const encrypted = await feed.waitFor(
        `${value}.startsWith("grypt:") && ${value}`,
        v.string(),
        { what: "the textarea to hold a token" },
      );
      assert.equal(
        encrypted.trim().split(/\s+/).length,
        1,
        "the selection became exactly one token",
      );
      assert.ok(
        (await feed.evaluate("window.__inputEvents", v.number())) >= 1,
        "the page saw input events",
      );
      assert.equal(await appendAndRead(feed, encrypted), "secret from a Firefox textarea");
    }),
  );

  test(
    "encrypts in place in a contenteditable through the context menu",
    logged(async () => {
      await encryptInPlace(
        browser.firefox,
        feed,
        "#plain-editable",
        "secret from a Firefox editable",
      );
      const text = "document.getElementById('plain-editable').textContent";
      const encrypted = await feed.waitFor(`${text}.startsWith("grypt:") && ${text}`, v.string(), {
        what: "the editable to hold a token",
      });
      assert.equal(await appendAndRead(feed, encrypted.trim()), "secret from a Firefox editable");
    }),
  );

  test(
    "the keyboard shortcut encrypts the selection for the default group",
    logged(async () => {
      await feed.fill("#plain-input", "secret by shortcut");
      await feed.call(
        "() => { const f = document.getElementById('plain-input'); f.focus(); f.select(); return true; }",
        [],
        v.literal(true),
      );
      await browser.firefox.runShortcut(browser.grypt.id, "Ctrl+Shift+E");
      const value = "document.getElementById('plain-input').value";
      const encrypted = await feed.waitFor(
        `${value}.startsWith("grypt:") && ${value}`,
        v.string(),
        { what: "the input to hold a token" },
      );
      assert.equal(await appendAndRead(feed, encrypted), "secret by shortcut");
    }),
  );

  test(
    "after Firefox suspends the idle event page, the feed and the group work again",
    logged(async () => {
      await browser.firefox.stopBackground(browser.grypt.id);
      assert.equal(await browser.firefox.backgroundState(browser.grypt.id), "stopped");
      site.setPage([{ text: `after a suspension ${token}` }]);
      const fresh = await browser.firefox.newTab(`http://x.com:${site.port}/`);
      const shown = "document.querySelector('[data-grypt=\"decrypted\"]')?.textContent ?? null";
      assert.equal(
        await fresh.waitFor(shown, v.string(), { what: "the feed after the restart" }),
        SECRET,
      );
      await fresh.close();
      await popup.reload();
      await waitForGroupState(popup, "member");
      const connected = async () => /connected\s+1\b/.test(await server.admin("status"));
      const deadline = Date.now() + 20_000;
      while (!(await connected())) {
        assert.ok(Date.now() < deadline, "the restarted background reconnects to the server");
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }),
  );

  test(
    "a site switched on in the options page is granted in the click and decrypted",
    logged(async () => {
      const options = await browser.firefox.newTab(browser.grypt.url("options/options.html"));
      const ready = "document.querySelector('[data-testid=\"site-input\"]') !== null";
      await options.waitFor(ready, v.literal(true), { what: "the options page's sites section" });
      // A pasted address, port and all: the host is what the browser's permission names.
      await options.fill('[data-testid="site-input"]', `http://127.0.0.1:${site.port}/`);
      await options.click('[data-testid="site-add"]');
      const box =
        "document.querySelector('[data-testid=\"site-127.0.0.1\"]')?.checked || document.querySelector('[data-testid=\"sites-message\"]')?.textContent || null";
      assert.equal(
        await options.waitFor(box, v.union([v.literal(true), v.string()]), {
          what: "the site to be switched on",
        }),
        true,
      );
      const granted = "browser.permissions.contains({ origins: ['*://127.0.0.1/*'] })";
      assert.equal(await options.evaluate(granted, v.boolean()), true);
      site.setPage([{ text: token }]);
      const other = await browser.firefox.newTab(`http://127.0.0.1:${site.port}/`);
      const shown = "document.querySelector('[data-grypt=\"decrypted\"]')?.textContent ?? null";
      assert.equal(
        await other.waitFor(shown, v.string(), { what: "the post on 127.0.0.1 to be decrypted" }),
        SECRET,
      );
    }),
  );
});
