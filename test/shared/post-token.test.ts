// Post tokens: format/parse, length prediction, encrypt/decrypt, every failure with its code.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { armor, armoredLength } from "../../shared/base62-armor.ts";
import { utf8Encode } from "../../shared/bytes.ts";
import {
  decodeFernetToken,
  fernetEncrypt,
  generateFernetKey,
  importFernetKey,
} from "../../shared/fernet.ts";
import {
  decryptPost,
  encryptPost,
  formatPostToken,
  type PostToken,
  parsePostToken,
  postTokenLength,
} from "../../shared/post-token.ts";
import { codeOf } from "../helpers/error-code.ts";

const SPEC_TOKEN =
  "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==";
const spec = decodeFernetToken(SPEC_TOKEN);
const bad = <T>(value: unknown) => value as T;

describe("post token format and parse", () => {
  it("formats grypt:<group>:<epoch>:<armor> and parses back", () => {
    const text = formatPostToken({ groupId: "G7xk2", epoch: 42, payload: spec });
    assert.equal(text, `grypt:G7xk2:42:${armor(spec)}`);
    assert.equal(text.length, "grypt:G7xk2:42:".length + 99); // 73 bytes = 2 blocks + 9 bytes = 43+43+13 chars
    assert.match(text, /^grypt:G7xk2:42:[0-9A-Za-z]{99}$/);
    assert.deepEqual(parsePostToken(text), { groupId: "G7xk2", epoch: 42, payload: spec });
  });

  it("accepts the boundary group ids and epochs", () => {
    for (const [groupId, epoch] of [
      ["a", 1],
      ["Z".repeat(32), 2 ** 31 - 1],
      ["0", 10],
    ] as const) {
      const text = formatPostToken({ groupId, epoch, payload: spec });
      assert.deepEqual(parsePostToken(text), { groupId, epoch, payload: spec });
    }
  });

  it("parse rejects every malformed token with POST_TOKEN_INVALID", async () => {
    const a = armor(spec);
    const notFernet = spec.slice();
    notFernet[0] = 0;
    const texts = [
      "",
      "grypt:",
      `Grypt:g:1:${a}`,
      `grypt;g:1:${a}`,
      `gryp:g:1:${a}`,
      ` grypt:g:1:${a}`,
      `grypt:g:1:${a} `,
      `grypt:g:1:${a}:`,
      `grypt::1:${a}`,
      `grypt:${"g".repeat(33)}:1:${a}`,
      `grypt:g-h:1:${a}`,
      `grypt:g:0:${a}`,
      `grypt:g:01:${a}`,
      `grypt:g:2147483648:${a}`,
      `grypt:g:-1:${a}`,
      `grypt:g:1.5:${a}`,
      `grypt:g::${a}`,
      "grypt:g:1:",
      `grypt:g:1:${a.slice(0, 86)}`,
      `grypt:g:1:${a.slice(0, 98)}`,
      `grypt:g:1:${a}0`,
      `grypt:g:1:${"z".repeat(99)}`,
      `grypt:g:1:${a.slice(0, 50)}_${a.slice(51)}`,
      `grypt:g:1:${armor(notFernet)}`,
      `grypt:g:1:${armor(spec.subarray(0, 72))}`,
      `grypt:g:1:${armor(new Uint8Array(89))}`,
      `grypt:g:1:${a.slice(0, 40)}\u200B${a.slice(40)}`,
    ];
    for (const t of texts)
      assert.equal(await codeOf(() => parsePostToken(t)), "POST_TOKEN_INVALID", t);
    assert.equal(await codeOf(() => parsePostToken(bad(7))), "INVALID_ARGUMENT");
  });

  it("format checks its inputs", async () => {
    const cases: [unknown, string][] = [
      [{ groupId: "", epoch: 1, payload: spec }, "INVALID_ARGUMENT"],
      [{ groupId: "a:b", epoch: 1, payload: spec }, "INVALID_ARGUMENT"],
      [{ groupId: "g".repeat(33), epoch: 1, payload: spec }, "INVALID_ARGUMENT"],
      [{ groupId: "g", epoch: 0, payload: spec }, "INVALID_ARGUMENT"],
      [{ groupId: "g", epoch: 2 ** 31, payload: spec }, "INVALID_ARGUMENT"],
      [{ groupId: "g", epoch: 1.5, payload: spec }, "INVALID_ARGUMENT"],
      [{ groupId: "g", epoch: "1", payload: spec }, "INVALID_ARGUMENT"],
      [{ groupId: "g", epoch: 1, payload: "x" }, "INVALID_ARGUMENT"],
      [{ groupId: "g", epoch: 1, payload: spec.subarray(1) }, "TOKEN_MALFORMED"],
      [null, "INVALID_ARGUMENT"],
    ];
    for (const [t, code] of cases)
      assert.equal(await codeOf(() => formatPostToken(bad<PostToken>(t))), code, JSON.stringify(t));
  });
});

describe("post encryption", () => {
  it("encryptPost/decryptPost round trip text of every kind; postTokenLength predicts the length", async () => {
    const key = await importFernetKey(generateFernetKey());
    const texts = [
      "",
      "hi",
      "<script>alert(1)</script>",
      "ça va? 漢字 😀🏳️‍🌈",
      "x".repeat(280),
      "line\nbreak\u0000nul",
    ];
    for (let n = 0; n < 40; n++) texts.push("é".repeat(n));
    for (const text of texts) {
      const post = await encryptPost(key, "Grp17", 3, text);
      assert.match(post, /^grypt:Grp17:3:[0-9A-Za-z]+$/);
      assert.equal(post.length, postTokenLength("Grp17", 3, utf8Encode(text).length), text);
      const token = parsePostToken(post);
      assert.equal(token.groupId, "Grp17");
      assert.equal(token.epoch, 3);
      assert.equal(await decryptPost(key, token), text);
    }
    assert.equal(postTokenLength("abcdefghijklmnopq", 1, 2), 26 + 99);
    assert.equal(postTokenLength("g", 1, 0), 10 + armoredLength(73));
  });

  it("every failure path has its code", async () => {
    const key = await importFernetKey(generateFernetKey());
    const other = await importFernetKey(generateFernetKey());
    const token = parsePostToken(await encryptPost(key, "g", 1, "secret"));
    assert.equal(await codeOf(() => decryptPost(other, token)), "TOKEN_AUTH_FAILED");
    const binary = await fernetEncrypt(key, Uint8Array.of(0xff, 0xfe));
    assert.equal(
      await codeOf(() => decryptPost(key, { groupId: "g", epoch: 1, payload: binary })),
      "INVALID_ENCODING",
    );
    assert.equal(await codeOf(() => decryptPost(key, bad(null))), "INVALID_ARGUMENT");
    assert.equal(
      await codeOf(() => decryptPost(key, bad({ groupId: "g", epoch: 1, payload: "x" }))),
      "INVALID_ARGUMENT",
    );
    assert.equal(
      await codeOf(() => decryptPost(key, { ...token, payload: token.payload.subarray(2) })),
      "TOKEN_MALFORMED",
    );
    assert.equal(await codeOf(() => decryptPost(bad({}), token)), "INVALID_ARGUMENT");
    assert.equal(await codeOf(() => encryptPost(key, "g!", 1, "x")), "INVALID_ARGUMENT");
    assert.equal(await codeOf(() => encryptPost(key, "g", 0, "x")), "INVALID_ARGUMENT");
    assert.equal(await codeOf(() => encryptPost(key, "g", 1, bad(5))), "INVALID_ARGUMENT");
    assert.equal(await codeOf(() => encryptPost(bad(null), "g", 1, "x")), "INVALID_ARGUMENT");
    assert.equal(await codeOf(() => postTokenLength("g", 1, -1)), "INVALID_ARGUMENT");
    assert.equal(await codeOf(() => postTokenLength("", 1, 1)), "INVALID_ARGUMENT");
  });

  it("changing any one payload character never yields a plaintext", async () => {
    const key = await importFernetKey(generateFernetKey());
    const post = await encryptPost(key, "g", 1, "meet at noon");
    const at = "grypt:g:1:".length;
    const codes = new Set<string>();
    for (let i = at; i < post.length; i++) {
      const ch = post[i] === "0" ? "1" : "0";
      const altered = post.slice(0, i) + ch + post.slice(i + 1);
      const code = await codeOf(async () => decryptPost(key, parsePostToken(altered)));
      assert.ok(
        code === "POST_TOKEN_INVALID" || code === "TOKEN_AUTH_FAILED",
        `char ${i}: ${code}`,
      );
      codes.add(code);
    }
    assert.ok(codes.has("TOKEN_AUTH_FAILED"));
    const header = await codeOf(async () =>
      decryptPost(key, parsePostToken(post.replace("grypt:g:1:", "grypt:h:2:"))),
    );
    // The header is outside the MAC: it only names the key, and a wrong key fails the MAC.
    assert.equal(header, undefined);
  });
});
