/**
 * How the feed reads markup: text is joined across inline elements only, never across a <br>
 * or a block boundary; several tokens in one text node are each decrypted; a token that is a
 * link's whole text toggles on click without following the link; a decrypted post whose text
 * is itself a token is shown as that token, not decrypted again.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type MemberSession, startMemberSession } from "../fixtures/social-site/member-session.ts";

const WAIT = { timeout: 15_000 };

describe("feed decryption and page markup", { timeout: 240_000 }, () => {
  let session: MemberSession;
  before(async () => {
    // The page's own text: these tests follow grypt's work in the page's DOM.
    session = await startMemberSession({ readInPage: true });
  });
  after(async () => {
    await session?.close();
  });

  it("joins a token across inline elements only, and finds several in one text node", async () => {
    const [one, two, broken] = await Promise.all(
      ["one", "two", "never shown"].map((text) => session.encrypt(text)),
    );
    const half = Math.floor(broken!.length / 2);
    const posts = [
      { html: `${broken!.slice(0, half)}<br>${broken!.slice(half)}` },
      { html: `<p>${broken!.slice(0, half)}</p><p>${broken!.slice(half)}</p>` },
      { text: `${one} and ${two}` },
      { text: "last" },
    ];
    const page = await session.openSite(posts);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-grypt="decrypted"]').length === 2,
      undefined,
      WAIT,
    );
    // Every post was scanned in the same pass as the third; let any stray answer arrive.
    await page.waitForFunction(
      () => document.querySelectorAll('[data-grypt="pending"]').length === 0,
      undefined,
      WAIT,
    );
    const bodies = await page.$$eval(".post-body", (nodes) =>
      nodes.map((node) => node.textContent),
    );
    assert.deepEqual(bodies, [broken, broken, "one and two", "last"]);
    const decrypted = await page.$$eval('[data-grypt="decrypted"]', (nodes) =>
      nodes.map((node) => node.textContent),
    );
    assert.deepEqual(decrypted, ["one", "two"]);
    await page.close();
  });

  it("toggles a token that is a link's text without following the link", async () => {
    const token = await session.encrypt("linked secret");
    const page = await session.openSite([
      { html: `<a id="link" href="https://example.invalid/post/1">${token}</a>` },
    ]);
    const mark = await page.waitForSelector('#link [data-grypt="decrypted"]', WAIT);
    const url = page.url();
    await mark!.click();
    assert.equal(await page.$eval("#link", (node) => node.textContent), token);
    await mark!.click();
    assert.equal(await page.$eval("#link", (node) => node.textContent), "linked secret");
    assert.equal(page.url(), url);
    await page.close();
  });

  it("shows a decrypted token as text, without decrypting it again", async () => {
    const inner = await session.encrypt("inner secret");
    const outer = await session.encrypt(inner);
    const page = await session.openSite([{ text: outer }]);
    await page.waitForSelector('[data-grypt="decrypted"]', WAIT);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-grypt="pending"]').length === 0,
      undefined,
      WAIT,
    );
    assert.equal(await page.$eval(".post-body", (node) => node.textContent), inner);
    assert.equal(await page.$$eval("[data-grypt]", (nodes) => nodes.length), 1);
    await page.close();
  });
});
