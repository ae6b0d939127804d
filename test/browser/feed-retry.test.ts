/**
 * Tokens left unread are retried when keys change: a post of a group the member has left
 * stays a token with a quiet marker, and is decrypted in place once the member joins again and
 * the background announces the new keys (`keys-changed`), without reloading the page.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { UNREAD_TITLE } from "../../extension/content/feed/mark-titles.ts";
import { type MemberSession, startMemberSession } from "../fixtures/social-site/member-session.ts";
import { type GryptServer, startGryptServer } from "./helpers/launch-chromium.ts";

const WAIT = { timeout: 20_000 };

describe("unread tokens are retried on keys-changed", { timeout: 240_000 }, () => {
  let session: MemberSession;
  let second: GryptServer;
  before(async () => {
    // The page's own text: these tests follow grypt's work in the page's DOM.
    session = await startMemberSession({ readInPage: true });
    second = await startGryptServer({ name: "Second group" });
  });
  after(async () => {
    await session?.close();
    await second?.stop();
  });

  it("decrypts a post of a group once it is joined (again)", async () => {
    const groupId = await session.joinAndApprove(second);
    const elsewhere = String(
      (await session.ui({ type: "compose", groupId, plaintext: "from the second group" })).token,
    );
    await session.ui({ type: "leave-group", groupId });
    const here = await session.encrypt("from the first group");

    const page = await session.openSite([{ text: elsewhere }, { text: here }]);
    await page.waitForFunction(
      () => document.querySelectorAll("[data-grypt=unread], [data-grypt=decrypted]").length === 2,
      undefined,
      WAIT,
    );
    const marks = await page.$$eval("[data-grypt]", (nodes) =>
      nodes.map((node) => [node.getAttribute("data-grypt"), node.getAttribute("title")]),
    );
    assert.equal(marks[0]![0], "unread");
    assert.equal(marks[0]![1], UNREAD_TITLE);
    assert.equal(marks[1]![0], "decrypted");

    await session.joinAndApprove(second);
    await page.waitForFunction(
      () => document.querySelectorAll("[data-grypt=decrypted]").length === 2,
      undefined,
      WAIT,
    );
    const bodies = await page.$$eval(".post-body", (nodes) =>
      nodes.map((node) => node.textContent),
    );
    assert.deepEqual(bodies, ["from the second group", "from the first group"]);
    const title = await page.$eval("[data-grypt]", (node) => node.getAttribute("title"));
    assert.match(title ?? "", /^Decrypted by grypt \(key epoch 1\)\./);
  });
});
