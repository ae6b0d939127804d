/**
 * Private writing in Firefox, opened as a user does it (the page menu's "Write privately here",
 * or the shortcut): the composer frame takes the focus, the words typed in it never reach a
 * hostile page's probe (which does catch them typed into the site's own field), and the token
 * lands in the textarea, Lexical and Draft.js, where it decrypts to the words.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as v from "valibot";
import { type FirefoxTab, firefoxMissingReason, KEYS } from "./helpers/firefox-bidi.ts";
import { withFirefoxLog } from "./helpers/firefox-grypt.ts";
import { type FirefoxMember, startFirefoxMember } from "./helpers/firefox-member.ts";
import {
  INSTALL_PROBE,
  leakedParts,
  PROBE_REPORT,
  SECRET,
  SECRET_WORDS,
} from "./helpers/hostile-probe.ts";

const GROUP = "Private group";
const FRAME = 'iframe[data-grypt="private-composer"]';
const TOKEN = /grypt:[0-9A-Za-z]+:\d+:[0-9A-Za-z]+/;
const Report = v.object({
  text: v.string(),
  keyEvents: v.number(),
  frameReads: v.number(),
  posted: v.number(),
});

/** Append a post holding `token` to the feed; resolves with the plaintext shown in its place. */
async function readBack(feed: FirefoxTab, token: string): Promise<string> {
  const [id] = await feed.call(
    "(text) => window.__appendPosts([{ text }])",
    [token],
    v.tuple([v.string()]),
  );
  const shown = `document.querySelector('article[data-post-id="${id}"] [data-grypt="decrypted"]')?.textContent ?? null`;
  return feed.waitFor(shown, v.string(), { what: `post ${id} to be decrypted` });
}

describe("private writing in Firefox", { skip: firefoxMissingReason() ?? false }, () => {
  let member: FirefoxMember;
  let feed: FirefoxTab;
  const logged = (body: () => Promise<void>) => withFirefoxLog(() => member?.browser, body);

  async function freshPage(): Promise<void> {
    await feed.navigate(`http://x.com:${member.site.port}/`);
    await feed.waitFor("document.documentElement.dataset.fixtureReady === 'true'", v.literal(true));
  }

  /** Wait until the composer frame is open and holds the focus. */
  async function composerFocused(): Promise<void> {
    await feed.waitFor(
      `document.activeElement === document.querySelector('${FRAME}')`,
      v.literal(true),
      {
        what: "the composer frame to take the focus",
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  async function openByMenu(selector: string): Promise<void> {
    await feed.click(selector, { button: "right" });
    await member.browser.firefox.clickContextMenuItem("Write privately here");
    await composerFocused();
  }

  async function openByShortcut(selector: string): Promise<void> {
    await feed.click(selector);
    await member.browser.firefox.runShortcut(member.browser.grypt.id, "Alt+Shift+W");
    await composerFocused();
  }

  /** Type in the composer and send it with Ctrl+Enter; resolves once the frame is gone. */
  async function writeAndInsert(text: string): Promise<void> {
    await feed.type(text);
    await feed.press([KEYS.Control, KEYS.Enter]);
    await feed.waitFor(`document.querySelector('${FRAME}') === null`, v.literal(true), {
      what: "the composer to close after inserting",
    });
  }

  before(async () => {
    member = await startFirefoxMember(GROUP, { readInPage: true });
    member.site.setPage([]);
    feed = await member.browser.firefox.newTab(`http://x.com:${member.site.port}/`);
  });

  after(async () => {
    await member?.close();
  });

  test(
    "the probe catches words typed into the site's own field (it works)",
    logged(async () => {
      await freshPage();
      await feed.evaluate(INSTALL_PROBE, v.literal(true));
      await feed.click("#plain-textarea");
      await feed.type(SECRET);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const report = await feed.evaluate(PROBE_REPORT, Report);
      assert.ok(report.keyEvents > 0);
      assert.deepEqual(
        leakedParts(report.text).filter((part) => SECRET_WORDS.includes(part)),
        SECRET_WORDS,
      );
    }),
  );

  test(
    "a hostile page learns nothing of text written privately; the token decrypts to it",
    logged(async () => {
      await freshPage();
      await feed.evaluate(INSTALL_PROBE, v.literal(true));
      await openByMenu("#plain-textarea");
      await writeAndInsert(SECRET);
      const value = await feed.evaluate(
        "document.getElementById('plain-textarea').value",
        v.string(),
      );
      assert.match(value, new RegExp(`^${TOKEN.source}$`));
      const report = await feed.evaluate(PROBE_REPORT, Report);
      assert.deepEqual(leakedParts(report.text), []);
      assert.equal(report.keyEvents, 0, "the page heard key events");
      assert.equal(report.frameReads, 0, "the page read the frame");
      assert.ok(report.posted > 0, "the probe did post to the frame");
      assert.ok(report.text.includes(value), "the probe saw the token go in");
      assert.equal(await readBack(feed, value), SECRET);
    }),
  );

  test(
    "the token goes into Lexical, in Lexical's own state (by the shortcut)",
    logged(async () => {
      await freshPage();
      await openByShortcut("#lexical-editor");
      await writeAndInsert("lexical words");
      const [line] = await feed.evaluate("window.__lexicalParagraphs()", v.array(v.string()));
      const token = TOKEN.exec(line ?? "")?.[0] ?? "";
      assert.equal(line, token);
      assert.equal(await readBack(feed, token), "lexical words");
    }),
  );

  test(
    "the token goes into Draft.js (X's composer), in Draft's own state",
    logged(async () => {
      await freshPage();
      await feed.waitFor("document.documentElement.dataset.draftReady === 'true'", v.literal(true));
      await openByMenu("#draft-root [contenteditable=true]");
      await writeAndInsert("draft words");
      const paragraphs = await feed.evaluate("window.__draftParagraphs()", v.array(v.string()));
      assert.equal(paragraphs.length, 1);
      assert.match(paragraphs[0] ?? "", new RegExp(`^${TOKEN.source}$`));
      assert.equal(await readBack(feed, paragraphs[0] ?? ""), "draft words");
    }),
  );

  test(
    "Escape closes the composer without inserting anything",
    logged(async () => {
      await freshPage();
      await openByShortcut("#plain-textarea");
      await feed.type("never sent");
      await feed.press([KEYS.Escape]);
      await feed.waitFor(`document.querySelector('${FRAME}') === null`, v.literal(true));
      assert.equal(
        await feed.evaluate("document.getElementById('plain-textarea').value", v.string()),
        "",
      );
    }),
  );
});
