/**
 * Encrypt in place in Firefox leaves the token standing alone: a paragraph selected by a real
 * triple-click, selections that start and end inside words (separating spaces, said in the
 * notice), and Slate's empty paragraph (its U+FEFF placeholder neither encrypted nor taken for
 * the original text left behind). Each field's own model is read back, the feed's finder must
 * find exactly the token in it, and the token is decrypted in the feed.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as v from "valibot";
import { findPostTokens } from "../../shared/find-post-tokens.ts";
import { type FirefoxTab, firefoxMissingReason, KEYS } from "./helpers/firefox-bidi.ts";
import { withFirefoxLog } from "./helpers/firefox-grypt.ts";
import { type FirefoxMember, startFirefoxMember } from "./helpers/firefox-member.ts";

const GROUP = "Standalone group";

async function readBack(feed: FirefoxTab, token: string): Promise<string> {
  const [id] = await feed.call(
    "(text) => window.__appendPosts([{ text }])",
    [token],
    v.tuple([v.string()]),
  );
  const shown = `document.querySelector('article[data-post-id="${id}"] [data-grypt="decrypted"]')?.textContent ?? null`;
  return feed.waitFor(shown, v.string(), { what: `post ${id} to be decrypted` });
}

/** Waits until the field's text (an expression) holds a token; checks the feed finds exactly it; returns text and token. */
async function tokenIn(
  feed: FirefoxTab,
  expression: string,
): Promise<{ text: string; token: string }> {
  const text = await feed.waitFor(
    `(() => { const t = ${expression}; return /grypt:/.test(t) && t; })()`,
    v.string(),
    { what: `a token in ${expression}` },
  );
  const found = findPostTokens(text);
  assert.equal(
    found.length,
    1,
    `the feed finds no token standing alone in ${JSON.stringify(text)}`,
  );
  return { text, token: found[0]!.text };
}

const SLATE = "window.__slateParagraphs().join('\\n')";
const QUILL = "window.__quillParagraphs().join('\\n')";
const TEXTAREA = "document.getElementById('plain-textarea').value";

describe("grypt's token stands alone in Firefox's editors", {
  skip: firefoxMissingReason() ?? false,
}, () => {
  let member: FirefoxMember;
  let feed: FirefoxTab;
  const logged = (body: () => Promise<void>) => withFirefoxLog(() => member?.browser, body);
  const shortcut = () =>
    member.browser.firefox.runShortcut(member.browser.grypt.id, "Ctrl+Shift+E");
  const menu = async () => {
    await feed.rightClickSelection();
    await member.browser.firefox.clickContextMenuItem(
      `Encrypt in place for ${GROUP} (site has seen it)`,
    );
  };
  const fill = async (selector: string, lines: string[]) => {
    await feed.click(selector);
    await feed.press([KEYS.Control, "a"]);
    await feed.press([KEYS.Backspace]);
    await feed.type(lines.join(KEYS.Enter));
  };

  before(async () => {
    member = await startFirefoxMember(GROUP, { readInPage: true });
    member.site.setPage([]);
    feed = await member.browser.firefox.newTab(`http://x.com:${member.site.port}/`);
    await feed.waitFor("document.documentElement.dataset.fixtureReady === 'true'", v.literal(true));
  });

  after(async () => {
    await member?.close();
  });

  test(
    "a line of a textarea selected by triple-click, by the keyboard shortcut",
    logged(async () => {
      await fill("#plain-textarea", ["first para here", "second para here"]);
      await feed.click("#plain-textarea", { at: { x: 30, y: 10 }, count: 3 });
      await shortcut();
      const { text, token } = await tokenIn(feed, TEXTAREA);
      assert.equal(text, `${token}\nsecond para here`);
      assert.equal(await readBack(feed, token), "first para here");
    }),
  );

  test(
    "a selection inside words of a textarea, by the keyboard shortcut",
    logged(async () => {
      await fill("#plain-textarea", ["plain bold tail"]);
      await feed.call(
        "() => { document.getElementById('plain-textarea').setSelectionRange(2, 13); return true; }",
        [],
        v.literal(true),
      );
      await shortcut();
      const { text, token } = await tokenIn(feed, TEXTAREA);
      assert.equal(text, `pl ${token} il`);
      const notice = "document.querySelector('[data-grypt=\"notice\"]')?.textContent ?? null";
      assert.match(await feed.waitFor(notice, v.string()), /put a space/);
      assert.equal(await readBack(feed, token), "ain bold ta");
    }),
  );

  test(
    "a selection inside words in Quill, by the page menu",
    logged(async () => {
      await fill("#quill-editor .ql-editor", ["plain bold tail"]);
      await feed.call("() => { window.__quillSelect(2, 11); return true; }", [], v.literal(true));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await menu();
      const { text, token } = await tokenIn(feed, QUILL);
      assert.equal(text, `pl ${token} il`);
      assert.equal(await readBack(feed, token), "ain bold ta");
    }),
  );

  test(
    "Slate with an empty paragraph, all selected, by the keyboard shortcut",
    logged(async () => {
      await fill("#slate-editor", ["one", "", "three"]);
      await feed.waitFor(`${SLATE} === 'one\\n\\nthree'`, v.literal(true));
      await feed.press([KEYS.Control, "a"]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await shortcut();
      const { text, token } = await tokenIn(feed, SLATE);
      assert.equal(text, token);
      const notice = "document.querySelector('[data-grypt=\"notice\"]')?.dataset.kind ?? 'none'";
      assert.notEqual(await feed.evaluate(notice, v.string()), "error");
      assert.equal(await readBack(feed, token), "one\n\nthree");
    }),
  );
});
