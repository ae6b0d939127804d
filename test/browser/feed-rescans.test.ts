/**
 * The feed decryptor while answers are on their way and the page keeps changing (Chromium, the
 * decryptor alone with a scripted background, see helpers/feed-harness.ts): a token is marked
 * once however often its block is rescanned; an answer for a mark the page took down touches
 * nothing; a page change to a text node holding two tokens takes both marks down; a token too
 * long for the background is left unread without failing the tokens asked for with it.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { MAX_TOKEN_CHARS } from "../../extension/messages/content-messages.ts";
import { type FeedHarness, launchFeedHarness } from "./helpers/feed-harness.ts";

const WAIT = { timeout: 10_000 };

describe("feed marks while answers are on their way", { timeout: 120_000 }, () => {
  let harness: FeedHarness;
  before(async () => {
    harness = await launchFeedHarness();
  });
  after(async () => {
    await harness?.close();
  });

  it("marks a pending token once when the page changes something else in its block", async () => {
    const page = await harness.open(
      `<article><div id="t"></div><span id="time">now</span></article>`,
    );
    const token = await page.evaluate(() => {
      const token = window.__feed.token("G7xk2", 5);
      window.__feed.answer(token, "meet at noon");
      document.getElementById("t")!.textContent = token;
      window.__feed.hold();
      window.__feed.start();
      return token;
    });
    await page.waitForSelector('[data-grypt="pending"]', { ...WAIT, state: "attached" });
    for (const time of ["1s", "2s"]) {
      await page.evaluate(async (text) => {
        (document.getElementById("time")!.firstChild as Text).data = text;
        await new Promise((resolve) => setTimeout(resolve, 0));
      }, time);
    }
    await page.evaluate(async () => {
      window.__feed.release();
      await window.__feed.idle();
    });
    const state = await page.evaluate(() => ({
      text: document.querySelector("article")!.textContent,
      marks: document.querySelectorAll("[data-grypt]").length,
      requests: window.__feed.requests.length,
    }));
    assert.deepEqual(state, { text: "meet at noon2s", marks: 1, requests: 1 });
    await page.evaluate(() => window.__feed.abort());
    assert.equal(await page.$eval("article", (node) => node.textContent), `${token}2s`);
    await page.close();
  });

  it("leaves the page's text alone when an answer comes for a mark the page took down", async () => {
    const page = await harness.open(`<p id="a"></p><p id="b"></p>`);
    await page.evaluate(() => {
      const feed = window.__feed;
      for (const id of ["a", "b"]) {
        const token = feed.token("G7xk2", 5);
        feed.answer(token, `secret ${id}`);
        const node = document.createTextNode(token);
        document.getElementById(id)!.append(node);
        (window as unknown as Record<string, Text>)[`node_${id}`] = node;
      }
      feed.hold();
      feed.start();
    });
    await page.waitForFunction(
      () => document.querySelectorAll('[data-grypt="pending"]').length === 2,
      undefined,
      WAIT,
    );
    // a: the page re-renders its text while the request is out.
    await page.evaluate(async () => {
      (window as unknown as Record<string, Text>).node_a!.data = "edited by the site";
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    // b: a lock and an unlock while the request is out (the answer goes stale and is asked
    // again), then the page re-renders.
    await page.evaluate(async () => {
      window.__feed.keysChanged(true);
      window.__feed.keysChanged(false);
      (window as unknown as Record<string, Text>).node_b!.data = "also edited";
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    await page.evaluate(async () => {
      window.__feed.release();
      await window.__feed.idle();
      await window.__feed.idle();
    });
    const state = await page.evaluate(() => ({
      a: (window as unknown as Record<string, Text>).node_a!.data,
      b: (window as unknown as Record<string, Text>).node_b!.data,
      texts: [...document.querySelectorAll("p")].map((node) => node.textContent),
      marks: document.querySelectorAll("[data-grypt]").length,
    }));
    assert.deepEqual(state, {
      a: "edited by the site",
      b: "also edited",
      texts: ["edited by the site", "also edited"],
      marks: 0,
    });
    await page.close();
  });

  it("takes down every mark of a text node the page changes, with two tokens in it", async () => {
    const page = await harness.open(`<p id="p"></p>`);
    const [first] = await page.evaluate(() => {
      const feed = window.__feed;
      const tokens = [feed.token("G7xk2", 5), feed.token("G7xk2", 5)];
      feed.answer(tokens[0]!, "FIRST");
      feed.answer(tokens[1]!, "SECOND");
      const node = document.createTextNode(`a ${tokens[0]} b ${tokens[1]} c`);
      document.getElementById("p")!.append(node);
      (window as unknown as Record<string, Text>).node_p = node;
      feed.start();
      return tokens;
    });
    await page.waitForFunction(
      () => document.querySelectorAll('[data-grypt="decrypted"]').length === 2,
      undefined,
      WAIT,
    );
    assert.equal(await page.$eval("#p", (node) => node.textContent), "a FIRST b SECOND c");

    // The site replaces the post's text through its reference to the node (React: nodeValue).
    await page.evaluate((text) => {
      (window as unknown as Record<string, Text>).node_p!.data = text;
    }, "the site replaced this text");
    await page.waitForFunction(
      () => document.querySelectorAll("[data-grypt]").length === 0,
      undefined,
      WAIT,
    );
    assert.equal(await page.$eval("#p", (node) => node.textContent), "the site replaced this text");

    // And back to a token: decrypted again, once.
    await page.evaluate((text) => {
      (window as unknown as Record<string, Text>).node_p!.data = text;
    }, `now ${first}`);
    await page.waitForSelector('[data-grypt="decrypted"]', WAIT);
    assert.equal(await page.$eval("#p", (node) => node.textContent), "now FIRST");
    assert.equal(await page.$$eval("[data-grypt]", (nodes) => nodes.length), 1);
    await page.close();
  });

  it("leaves a token too long for the background unread, without sending it", async () => {
    const page = await harness.open(`<p id="short"></p><p id="long"></p>`);
    const state = await page.evaluate(async (limit) => {
      const feed = window.__feed;
      const short = feed.token("G7xk2", 5);
      // 3100 cipher blocks: about 66,800 characters once armored.
      const long = feed.token("G7xk2", 5, 3100);
      feed.answer(short, "short post");
      feed.answer(long, "long post");
      document.getElementById("short")!.textContent = short;
      document.getElementById("long")!.textContent = long;
      feed.start();
      await feed.idle();
      return {
        tooLong: long.length > limit,
        sent: feed.requests.flat().map((token) => token.length > limit),
        states: [...document.querySelectorAll("[data-grypt]")].map((node) =>
          node.getAttribute("data-grypt"),
        ),
        short: document.getElementById("short")!.textContent,
        long: document.getElementById("long")!.textContent === long,
      };
    }, MAX_TOKEN_CHARS);
    assert.deepEqual(state, {
      tooLong: true,
      sent: [false],
      states: ["decrypted", "unread"],
      short: "short post",
      long: true,
    });
    await page.close();
  });
});
