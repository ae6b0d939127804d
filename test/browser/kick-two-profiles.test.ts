/**
 * A kick seen from two real Chromium profiles (Alice, Bob) with the built extension, members of
 * one real grypt server: both read Alice's epoch-1 post; the admin kicks Bob; Bob's popup says
 * removed, Alice gets the rekey; Alice's epoch-2 post is readable in her profile and stays an
 * unread token with the quiet marker in Bob's, while Bob still reads the old post.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { UNREAD_TITLE } from "../../extension/content/feed/mark-titles.ts";
import { type SocialSite, startSocialSite } from "../fixtures/social-site/serve.ts";
import { type GryptServer, startGryptServer } from "./helpers/launch-chromium.ts";
import { waitForGroupState } from "./helpers/popup-actions.ts";
import { type MemberProfile, startMemberProfile, until } from "./helpers/two-members.ts";

const WAIT = { timeout: 20_000 };
const OLD_TEXT = "before the kick: everyone reads this";
const NEW_TEXT = "after the kick: Bob must not read this";

interface Mark {
  state: string | null;
  title: string | null;
  text: string | null;
}

/** Waits until the page shows `decrypted` decrypted and `unread` unread marks; returns every mark in order. */
async function settledMarks(page: Page, decrypted: number, unread: number): Promise<Mark[]> {
  await page.waitForFunction(
    ([d, u]) =>
      document.querySelectorAll('[data-grypt="decrypted"]').length === d &&
      document.querySelectorAll('[data-grypt="unread"]').length === u,
    [decrypted, unread],
    WAIT,
  );
  return page.$$eval("[data-grypt]", (nodes) =>
    nodes.map((node) => ({
      state: node.getAttribute("data-grypt"),
      title: node.getAttribute("title"),
      text: node.textContent,
    })),
  );
}

const bodies = (page: Page) =>
  page.$$eval(".post-body", (nodes) => nodes.map((node) => node.textContent));

describe("kick with two profiles", { timeout: 300_000 }, () => {
  let server: GryptServer;
  let site: SocialSite;
  let alice: MemberProfile;
  let bob: MemberProfile;
  let oldToken: string;
  let newToken: string;
  const feeds = new Map<string, Page>();

  before(async () => {
    [server, site] = await Promise.all([
      startGryptServer({ name: "Two friends" }),
      startSocialSite(),
    ]);
    [alice, bob] = await Promise.all([
      startMemberProfile("Alice", server, site),
      startMemberProfile("Bob", server, site),
    ]);
    // The marks below are grypt's in-page text: this test is about who reads what, not how.
    await Promise.all(
      [alice, bob].map((member) => member.ui({ type: "set-read-in-page", enabled: true })),
    );
  });
  after(async () => {
    await Promise.all([alice?.close(), bob?.close()]);
    await server?.stop();
    await site?.close();
  });

  it("both profiles are members of the same group and read Alice's epoch-1 post", async () => {
    assert.equal(alice.groupId, bob.groupId);
    assert.notEqual(alice.fingerprintHex, bob.fingerprintHex);
    const members = await server.admin("members");
    for (const profile of [alice, bob])
      assert.match(members, new RegExp(profile.fingerprintHex.slice(0, 8), "i"));
    oldToken = await alice.compose(OLD_TEXT);
    assert.match(oldToken, new RegExp(`^grypt:${alice.groupId}:1:[0-9A-Za-z]+$`));
    for (const profile of [alice, bob]) {
      const page = await profile.openFeed([{ text: oldToken }]);
      feeds.set(profile.name, page);
      const [mark] = await settledMarks(page, 1, 0);
      assert.deepEqual(await bodies(page), [OLD_TEXT], `${profile.name} reads the old post`);
      assert.match(mark?.title ?? "", /epoch 1\b/);
    }
  });

  it("the admin kicks Bob: Bob's popup shows removed, Alice moves to epoch 2", async () => {
    const output = await server.admin("kick", bob.fingerprintHex.slice(0, 16));
    assert.match(output, /kick|remov/i);
    await waitForGroupState(bob.popup, "removed");
    const detail = await bob.popup
      .locator('.group[data-state="removed"] [data-testid="group-detail"]')
      .textContent();
    assert.match(detail ?? "", /removed from this group/);
    assert.equal((await bob.group()).state, "removed");
    const aliceGroup = await until("Alice's epoch 2 key", async () => {
      const group = await alice.group();
      return group.epoch === 2 && group.keyCount === 2 ? group : undefined;
    });
    assert.equal(aliceGroup.state, "member");
    await waitForGroupState(alice.popup, "member");
    const bobGroup = await bob.group();
    assert.equal(bobGroup.keyCount, 1, "Bob keeps the epoch-1 key and gets no other");
    assert.doesNotMatch(
      await server.admin("members"),
      new RegExp(bob.fingerprintHex.slice(0, 8), "i"),
    );
  });

  it("Alice's epoch-2 post appears on both open feeds: Alice reads it, Bob sees only the token", async () => {
    newToken = await alice.compose(NEW_TEXT);
    assert.match(newToken, new RegExp(`^grypt:${alice.groupId}:2:[0-9A-Za-z]+$`));
    for (const page of feeds.values())
      await page.evaluate((text) => window.__appendPosts([{ text }]), newToken);

    const alicePage = feeds.get("Alice")!;
    const aliceMarks = await settledMarks(alicePage, 2, 0);
    assert.deepEqual(await bodies(alicePage), [OLD_TEXT, NEW_TEXT]);
    assert.match(aliceMarks[1]?.title ?? "", /epoch 2\b/);

    const bobPage = feeds.get("Bob")!;
    const bobMarks = await settledMarks(bobPage, 1, 1);
    assert.deepEqual(
      bobMarks.map((mark) => mark.state),
      ["decrypted", "unread"],
    );
    assert.deepEqual(await bodies(bobPage), [OLD_TEXT, newToken]);
    assert.equal(bobMarks[1]?.text, newToken);
    assert.equal(bobMarks[1]?.title, UNREAD_TITLE);
  });

  it("a fresh load of both posts: Alice reads old and new, Bob reads the old one only", async () => {
    const alicePage = await alice.openFeed([{ text: oldToken }, { text: newToken }]);
    const aliceMarks = await settledMarks(alicePage, 2, 0);
    assert.deepEqual(await bodies(alicePage), [OLD_TEXT, NEW_TEXT]);
    assert.deepEqual(
      aliceMarks.map((mark) => mark.title?.match(/epoch \d+/)?.[0]),
      ["epoch 1", "epoch 2"],
    );

    const bobPage = await bob.openFeed([{ text: oldToken }, { text: newToken }]);
    const bobMarks = await settledMarks(bobPage, 1, 1);
    assert.deepEqual(
      bobMarks.map((mark) => mark.state),
      ["decrypted", "unread"],
    );
    assert.deepEqual(await bodies(bobPage), [OLD_TEXT, newToken]);
    assert.equal(bobMarks[1]?.title, UNREAD_TITLE);
    await Promise.all([alicePage.close(), bobPage.close()]);
  });
});

declare global {
  interface Window {
    __appendPosts(posts: { text?: string; html?: string }[]): string[];
  }
}
