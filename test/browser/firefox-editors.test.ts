/**
 * Encrypt in place in Firefox, in the fixture site's editors, as a user does it: a partial
 * selection through the keyboard shortcut, multi-paragraph selections in Lexical, ProseMirror and
 * Draft.js (X's composer) through a right-click on the selection and the page menu. Each editor's
 * own state is read back, and every token is decrypted in the feed to prove it holds exactly the
 * selected text.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as v from "valibot";
import { type FirefoxTab, firefoxMissingReason, KEYS } from "./helpers/firefox-bidi.ts";
import { withFirefoxLog } from "./helpers/firefox-grypt.ts";
import { type FirefoxMember, startFirefoxMember } from "./helpers/firefox-member.ts";

const GROUP = "Editors group";
const TOKEN = /^grypt:[0-9A-Za-z]+:\d+:[0-9A-Za-z]+$/;
const Paragraphs = v.array(v.string());

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

/**
 * Wait until an expression's text holds a token, check that the text is `before` + token +
 * `after` (a token's end cannot be told from letters right after it, so the test says what
 * surrounds it), and resolve with the token.
 */
async function waitForToken(
  feed: FirefoxTab,
  expression: string,
  before = "",
  after = "",
): Promise<string> {
  const text = await feed.waitFor(
    `(() => { const t = ${expression}; return /grypt:/.test(t) && t; })()`,
    v.string(),
    {
      what: `a token in ${expression}`,
    },
  );
  assert.ok(
    text.startsWith(before) && text.endsWith(after),
    `${JSON.stringify(text)} is not ${before}<token>${after}`,
  );
  const token = text.slice(before.length, text.length - after.length);
  assert.match(token, TOKEN);
  return token;
}

/** Click into an editor and type lines, pressing Enter between them (real key events). */
async function typeParagraphs(feed: FirefoxTab, selector: string, lines: string[]): Promise<void> {
  await feed.click(selector);
  await feed.type(lines.join(KEYS.Enter));
}

/** Select from (block a, offset) to (block b, offset) inside an editor's blocks (<p>, or `blocks`) by their text nodes. */
async function selectInEditor(
  feed: FirefoxTab,
  selector: string,
  from: [number, number],
  to: [number, number],
  blocks = "p",
): Promise<void> {
  const select = `(selector, from, to, blocks) => {
    const root = document.querySelector(selector);
    const point = ([block, offset]) => {
      const node = document.createTreeWalker(root.querySelectorAll(blocks)[block], NodeFilter.SHOW_TEXT).nextNode();
      return { node, offset };
    };
    const [start, end] = [point(from), point(to)];
    const range = document.createRange();
    range.setStart(start.node, start.offset);
    range.setEnd(end.node, end.offset);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return true;
  }`;
  await feed.call(select, [selector, from, to, blocks], v.literal(true));
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe("grypt encrypts in place in Firefox's editors", {
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
    "a partial selection in a textarea, by the keyboard shortcut",
    logged(async () => {
      await feed.click("#plain-textarea");
      await feed.type("keep this secret words and this");
      await feed.call(
        "() => { document.getElementById('plain-textarea').setSelectionRange(10, 22); return true; }",
        [],
        v.literal(true),
      );
      await shortcut();
      const token = await waitForToken(
        feed,
        "document.getElementById('plain-textarea').value",
        "keep this ",
        " and this",
      );
      assert.equal(await readBack(feed, token), "secret words");
    }),
  );

  test(
    "a React controlled textarea's state, by the keyboard shortcut",
    logged(async () => {
      await feed.click("#react-textarea");
      await feed.type("hello react secret");
      await feed.call(
        "() => { document.getElementById('react-textarea').setSelectionRange(12, 18); return true; }",
        [],
        v.literal(true),
      );
      await shortcut();
      const token = await waitForToken(feed, "window.__reactValue()", "hello react ");
      assert.equal(
        await feed.evaluate("document.getElementById('react-textarea').value", v.string()),
        `hello react ${token}`,
      );
      assert.equal(await readBack(feed, token), "secret");
    }),
  );

  test(
    "a multi-paragraph selection in Lexical, in Lexical's own state, by the page menu",
    logged(async () => {
      await typeParagraphs(feed, "#lexical-editor", ["first para", "second para", "third para"]);
      assert.deepEqual(await feed.evaluate("window.__lexicalParagraphs()", Paragraphs), [
        "first para",
        "second para",
        "third para",
      ]);
      await selectInEditor(feed, "#lexical-editor", [0, 6], [2, 6]);
      await menu();
      const token = await waitForToken(
        feed,
        "window.__lexicalParagraphs().join('\\n')",
        "first ",
        " para",
      );
      assert.deepEqual(await feed.evaluate("window.__lexicalParagraphs()", Paragraphs), [
        `first ${token} para`,
      ]);
      assert.equal(await readBack(feed, token), "para\nsecond para\nthird");
    }),
  );

  test(
    "a multi-paragraph selection in ProseMirror, in its own document, by the page menu",
    logged(async () => {
      await typeParagraphs(feed, "#prosemirror-editor", ["alpha one", "beta two", "gamma three"]);
      assert.deepEqual(await feed.evaluate("window.__prosemirrorParagraphs()", Paragraphs), [
        "alpha one",
        "beta two",
        "gamma three",
      ]);
      await selectInEditor(feed, "#prosemirror-editor", [0, 6], [1, 4]);
      await menu();
      const token = await waitForToken(
        feed,
        "window.__prosemirrorParagraphs().join('\\n')",
        "alpha ",
        " two\ngamma three",
      );
      assert.deepEqual(await feed.evaluate("window.__prosemirrorParagraphs()", Paragraphs), [
        `alpha ${token} two`,
        "gamma three",
      ]);
      assert.equal(await readBack(feed, token), "one\nbeta");
    }),
  );

  test(
    "a multi-block selection in Draft.js (X's composer), in Draft's own state, by the page menu",
    logged(async () => {
      const editor = "#draft-root [contenteditable=true]";
      await feed.waitFor("document.documentElement.dataset.draftReady === 'true'", v.literal(true));
      await typeParagraphs(feed, editor, ["first para", "second para", "third para"]);
      assert.deepEqual(await feed.evaluate("window.__draftParagraphs()", Paragraphs), [
        "first para",
        "second para",
        "third para",
      ]);
      await selectInEditor(feed, editor, [0, 6], [2, 6], '[data-block="true"]');
      await menu();
      const token = await waitForToken(
        feed,
        "window.__draftParagraphs().join('\\n')",
        "first ",
        " para",
      );
      assert.deepEqual(await feed.evaluate("window.__draftParagraphs()", Paragraphs), [
        `first ${token} para`,
      ]);
      assert.equal(await readBack(feed, token), "para\nsecond para\nthird");
    }),
  );

  test(
    "the line breaks of a plain contenteditable, by the page menu",
    logged(async () => {
      await typeParagraphs(feed, "#plain-editable", ["first line", "second line"]);
      await feed.call(
        "() => { getSelection().selectAllChildren(document.getElementById('plain-editable')); return true; }",
        [],
        v.literal(true),
      );
      await menu();
      const token = await waitForToken(
        feed,
        "document.getElementById('plain-editable').textContent",
      );
      assert.equal(await readBack(feed, token), "first line\nsecond line");
    }),
  );
});
