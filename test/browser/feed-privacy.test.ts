/**
 * What the page can learn from grypt's marks, and where plaintext may stay (Chromium, the
 * decryptor alone with a scripted background, see helpers/feed-harness.ts): every unread token
 * carries the same title whatever the reason, so a page planting forged tokens learns nothing
 * about the member's groups and epochs, and no mark names a group; a lock hides plaintext in
 * subtrees the page detached too; plaintext never stays in an area that became editable.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type FeedHarness, launchFeedHarness } from "./helpers/feed-harness.ts";

const WAIT = { timeout: 10_000 };

type Saved = Record<string, Element>;

describe("feed marks and what the page sees", { timeout: 120_000 }, () => {
  let harness: FeedHarness;
  before(async () => {
    harness = await launchFeedHarness();
  });
  after(async () => {
    await harness?.close();
  });

  it("gives every unread token the same title, and names no group", async () => {
    const page = await harness.open("");
    const marks = await page.evaluate(async () => {
      const feed = window.__feed;
      const outcomes = [
        "UNKNOWN_GROUP",
        "UNKNOWN_EPOCH",
        "TOKEN_AUTH_FAILED",
        "LOCKED",
        "INTERNAL",
      ] as const;
      for (const code of outcomes) {
        const token = feed.token(
          code === "UNKNOWN_GROUP" ? "Abc12" : "G7xk2",
          code === "UNKNOWN_EPOCH" ? 9 : 3,
        );
        feed.fail(token, code);
        document.body.insertAdjacentHTML("beforeend", `<p>${token}</p>`);
      }
      const readable = feed.token("G7xk2", 3);
      feed.answer(readable, "hello", "Secret circle");
      document.body.insertAdjacentHTML("beforeend", `<p>${readable}</p>`);
      feed.start();
      await feed.idle();
      return [...document.querySelectorAll("[data-grypt]")].map((node) => ({
        state: node.getAttribute("data-grypt"),
        title: node.getAttribute("title") ?? "",
      }));
    });
    assert.deepEqual(
      marks.map((mark) => mark.state),
      ["unread", "unread", "unread", "unread", "unread", "decrypted"],
    );
    const unreadTitles = new Set(
      marks.filter((mark) => mark.state === "unread").map((mark) => mark.title),
    );
    assert.equal(unreadTitles.size, 1, [...unreadTitles].join(" | "));
    // (The harness's own script is in <head>, with that name in it.)
    assert.equal(
      await page.evaluate(() => document.body.outerHTML.includes("Secret circle")),
      false,
    );
    assert.match(marks[5]!.title, /epoch 3/);

    // After a lock, the decrypted one shows the same title as the rest.
    await page.evaluate(() => window.__feed.keysChanged(true));
    const locked = await page.$$eval("[data-grypt]", (nodes) =>
      nodes.map((node) => node.getAttribute("title")),
    );
    assert.deepEqual(new Set(locked), unreadTitles);
    await page.close();
  });

  it("hides plaintext on lock in posts the page detached, and puts tokens back on stop", async () => {
    const page = await harness.open(
      `<main id="m"><article id="a"><p></p></article><article id="b"><p></p></article></main>`,
    );
    const tokens = await page.evaluate(async () => {
      const feed = window.__feed;
      const tokens: string[] = [];
      for (const id of ["a", "b"]) {
        const token = feed.token("G7xk2", 5);
        feed.answer(token, `TOP SECRET ${id}`);
        document.querySelector(`#${id} p`)!.textContent = token;
        tokens.push(token);
      }
      feed.start();
      await feed.idle();
      return tokens;
    });
    assert.equal(await page.$eval("#m", (node) => node.textContent), "TOP SECRET aTOP SECRET b");

    // The site keeps both posts' DOM for "back"; keys change meanwhile (a group joined), then lock.
    await page.evaluate(async () => {
      const saved = window as unknown as Saved;
      saved.a = document.getElementById("a")!;
      saved.b = document.getElementById("b")!;
      saved.a.parentNode!.removeChild(saved.a);
      saved.b.parentNode!.removeChild(saved.b);
      await new Promise((resolve) => setTimeout(resolve, 0));
      window.__feed.keysChanged(false);
      await window.__feed.idle();
      window.__feed.keysChanged(true);
      await new Promise((resolve) => setTimeout(resolve, 0));
      document.getElementById("m")!.append(saved.a);
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    const detached = await page.evaluate(() => ({
      attached: document.getElementById("a")!.textContent,
      stillDetached: (window as unknown as Saved).b!.textContent,
    }));
    assert.deepEqual(detached, { attached: tokens[0], stillDetached: tokens[1] });

    await page.evaluate(() => window.__feed.abort());
    const stopped = await page.evaluate(() => ({
      attached: document.getElementById("a")!.textContent,
      detached: (window as unknown as Saved).b!.textContent,
      marks:
        document.querySelectorAll("[data-grypt]").length +
        (window as unknown as Saved).b!.querySelectorAll("[data-grypt]").length,
    }));
    assert.deepEqual(stopped, { attached: tokens[0], detached: tokens[1], marks: 0 });
    await page.close();
  });

  it("puts the token back in a post the page detached when marks are pruned, and reads it again once re-attached", async () => {
    const page = await harness.open(`<main id="m"><article id="a"><p></p></article></main>`);
    const token = await page.evaluate(async () => {
      const feed = window.__feed;
      const token = feed.token("G7xk2", 5);
      feed.answer(token, "TOP SECRET");
      document.querySelector("#a p")!.append(`a ${token} z`);
      const main = document.getElementById("m")!;
      for (let i = 0; i < 200; i++) main.insertAdjacentHTML("beforeend", `<p>${token}</p>`);
      feed.start();
      await feed.idle();
      const saved = window as unknown as Saved;
      saved.a = document.getElementById("a")!;
      saved.a.parentNode!.removeChild(saved.a);
      await new Promise((resolve) => setTimeout(resolve, 0));
      // More marks than the prune threshold: the detached post's mark is unwrapped and forgotten.
      for (let i = 0; i < 100; i++) main.insertAdjacentHTML("beforeend", `<p>${token}</p>`);
      await new Promise((resolve) => setTimeout(resolve, 0));
      return token;
    });
    const detached = await page.evaluate(() => {
      const a = (window as unknown as Saved).a as Element;
      return {
        text: a.textContent,
        nodes: a.querySelector("p")!.childNodes.length,
        marks: a.querySelectorAll("[data-grypt]").length,
      };
    });
    assert.deepEqual(detached, { text: `a ${token} z`, nodes: 1, marks: 0 });
    await page.evaluate(() =>
      document.getElementById("m")!.prepend((window as unknown as Saved).a!),
    );
    await page.waitForSelector('#a [data-grypt="decrypted"]', WAIT);
    assert.equal(await page.$eval("#a", (node) => node.textContent), "a TOP SECRET z");
    await page.close();
  });

  it("puts the token back when its area becomes editable, or is moved into an editor", async () => {
    const page = await harness.open(
      `<div id="post" contenteditable="false"><p></p></div><div id="feed"><p id="moved"></p></div><div id="editor" contenteditable="true"></div>`,
    );
    const tokens = await page.evaluate(async () => {
      const feed = window.__feed;
      const tokens = [feed.token("G7xk2", 5), feed.token("G7xk2", 5)];
      feed.answer(tokens[0]!, "TOP SECRET");
      feed.answer(tokens[1]!, "ALSO SECRET");
      document.querySelector("#post p")!.textContent = tokens[0]!;
      document.getElementById("moved")!.textContent = tokens[1]!;
      feed.start();
      await feed.idle();
      return tokens;
    });
    await page.waitForFunction(
      () => document.querySelectorAll('[data-grypt="decrypted"]').length === 2,
      undefined,
      WAIT,
    );

    await page.evaluate(() => {
      document.getElementById("post")!.setAttribute("contenteditable", "true");
      document.getElementById("editor")!.append(document.getElementById("moved")!);
    });
    await page.waitForFunction(
      () => document.querySelectorAll("[data-grypt]").length === 0,
      undefined,
      WAIT,
    );
    const edited = await page.evaluate(() => ({
      post: document.getElementById("post")!.textContent,
      editor: document.getElementById("editor")!.textContent,
      nodes: document.querySelector("#post p")!.childNodes.length,
    }));
    assert.deepEqual(edited, { post: tokens[0], editor: tokens[1], nodes: 1 });

    // Read-only again: a post in the feed, decrypted again.
    await page.evaluate(() =>
      document.getElementById("post")!.setAttribute("contenteditable", "false"),
    );
    await page.waitForSelector('#post [data-grypt="decrypted"]', WAIT);
    assert.equal(await page.$eval("#post", (node) => node.textContent), "TOP SECRET");
    await page.close();
  });

  it("decrypts nothing in a document in design mode or with an editable body", async () => {
    for (const setup of ["designMode", "editable body"]) {
      const page = await harness.open("<p></p>");
      const state = await page.evaluate(async (code) => {
        const feed = window.__feed;
        const token = feed.token("G7xk2", 5);
        feed.answer(token, "TOP SECRET");
        document.querySelector("p")!.textContent = token;
        if (code === "designMode") document.designMode = "on";
        else document.body.contentEditable = "true";
        feed.start();
        await feed.idle();
        return {
          text: document.body.textContent === token,
          marks: document.querySelectorAll("[data-grypt]").length,
        };
      }, setup);
      assert.deepEqual(state, { text: true, marks: 0 }, setup);
      await page.close();
    }
  });
});
