// findPostTokens: tokens in running text, invisible characters, original indices, near-misses.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { armor } from "../../shared/base62-armor.ts";
import { type FernetKey, generateFernetKey, importFernetKey } from "../../shared/fernet.ts";
import { findPostTokens } from "../../shared/find-post-tokens.ts";
import { decryptPost, encryptPost, parsePostToken } from "../../shared/post-token.ts";

const SKIPPABLE = ["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD"];
const strip = (s: string) => s.replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, "");

let key: FernetKey;
let posts: string[];
before(async () => {
  key = await importFernetKey(generateFernetKey());
  posts = [];
  for (const text of ["hi", "meet at noon", "x".repeat(140), "漢字😀"])
    posts.push(await encryptPost(key, "G7xk2", 5, text));
});

describe("findPostTokens", () => {
  it("finds tokens between words and punctuation, with exact indices", () => {
    const [a, b] = [posts[0]!, posts[1]!];
    const text = `Look: ${a}. And (${b}), then "${a}"…\n${b}`;
    const found = findPostTokens(text);
    assert.equal(found.length, 4);
    for (const f of found) {
      assert.equal(text.slice(f.start, f.end), f.text);
      assert.deepEqual(f.token, parsePostToken(f.text));
    }
    assert.deepEqual(
      found.map((f) => f.text),
      [a, b, a, b],
    );
    assert.equal(found[0]!.start, "Look: ".length);
  });

  it("finds a token with invisible characters anywhere inside, prefix included; indices span them", async () => {
    const post = posts[2]!;
    for (let trial = 0; trial < 200; trial++) {
      let noisy = "";
      for (const ch of post) {
        noisy += ch;
        if (Math.random() < 0.05) noisy += SKIPPABLE[Math.floor(Math.random() * SKIPPABLE.length)];
      }
      const text = `\u200Bpre ${noisy}\u00AD\u200B end`;
      const found = findPostTokens(text);
      assert.equal(found.length, 1, noisy);
      const f = found[0]!;
      assert.equal(f.text, post);
      assert.equal(f.start, "\u200Bpre ".length);
      assert.equal(text[f.start], "g");
      assert.equal(text[f.end - 1], post[post.length - 1]);
      assert.equal(strip(text.slice(f.start, f.end)), post);
    }
    const hyphenated = posts[3]!.replace(/(.{8})/g, "$1\u00AD");
    const found = findPostTokens(hyphenated);
    assert.equal(found.length, 1);
    assert.equal(await decryptPost(key, found[0]!.token), "漢字😀");
  });

  it("ignores near-misses: wrong prefix, bad epoch, short or invalid payload", () => {
    const post = posts[0]!;
    const payload = post.slice("grypt:G7xk2:5:".length);
    const misses = [
      post.replace("grypt:", "Grypt:"),
      post.replace("grypt:", "grypt;"),
      post.replace("grypt:", "gript:"),
      post.replace(":5:", ":0:"),
      post.replace(":5:", ":05:"),
      post.replace(":5:", ":2147483648:"),
      post.replace(":5:", "::"),
      post.replace("G7xk2", "G".repeat(33)),
      post.replace("G7xk2", "G_7"),
      `grypt:G7xk2:5:${payload.slice(0, 50)}`,
      `grypt:G7xk2:5:${"z".repeat(payload.length)}`,
      `grypt:G7xk2:5:${armor(new Uint8Array(73))}`,
      "grypt:G7xk2:5:",
      "grypt:",
    ];
    for (const miss of misses) assert.deepEqual(findPostTokens(`a ${miss} b`), [], miss);
    // A miss does not hide a real token right after it.
    const found = findPostTokens(`${misses[3]} ${post}`);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.text, post);
  });

  it("a token cut anywhere is not found, or found with a Fernet shape and then fails to decrypt", async () => {
    const post = posts[2]!;
    let foundCuts = 0;
    for (let cut = 1; cut < post.length; cut++) {
      for (const found of findPostTokens(`${post.slice(0, cut)}… more`)) {
        foundCuts++;
        await assert.rejects(
          decryptPost(key, found.token),
          (e: unknown) => (e as { code?: string }).code === "TOKEN_AUTH_FAILED",
        );
      }
    }
    assert.ok(foundCuts < post.length / 20, `${foundCuts} cut positions passed the shape check`);
  });

  it("a payload ending in 'grypt' before a colon does not hide the token that starts there", () => {
    const post = posts[1]!;
    const found = findPostTokens(`grypt:a:1:${post}`);
    assert.deepEqual(
      found.map((f) => [f.start, f.text]),
      [[10, post]],
    );
  });

  it("letters glued before a token are fine; letters glued after it cannot be told apart (documented)", () => {
    const post = posts[0]!;
    assert.equal(findPostTokens(`Alice${post}`)[0]?.text, post);
    assert.deepEqual(findPostTokens(`${post}ShowMore`), []);
    assert.equal(findPostTokens(`${post}\u200B`)[0]?.end, post.length);
  });

  it("never throws, whatever the input", () => {
    const junk = [
      "",
      "grypt",
      "grypt:::",
      "grypt:a:1:\uD800",
      `grypt:${"a".repeat(10000)}`,
      `grypt:a:${"9".repeat(5000)}:x`,
      "grypt:a:1:".repeat(2000),
      `grypt:a:1:${"z".repeat(10000)}`,
      "\u200B".repeat(1000),
      "\uD83D",
      "g\u200Br\u00ADy\uFEFFp\u2060t:",
    ];
    for (const j of junk) assert.deepEqual(findPostTokens(j), []);
    assert.deepEqual(findPostTokens(null as unknown as string), []);
    let random = "";
    for (let i = 0; i < 20000; i++)
      random += String.fromCharCode(Math.floor(Math.random() * 0x10000));
    assert.ok(Array.isArray(findPostTokens(random + posts[0]!)));
    assert.equal(findPostTokens(` ${random} ${posts[0]!} `).length, 1);
  });
});
