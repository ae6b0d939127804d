// Fernet input checks: every bad argument is rejected with its named code.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  checkFernetTokenShape,
  decodeFernetToken,
  encodeFernetToken,
  type FernetKey,
  fernetDecrypt,
  fernetEncrypt,
  generateFernetKey,
  importFernetKey,
} from "../../shared/fernet.ts";
import { codeOf } from "../helpers/error-code.ts";

const SECRET = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
const bad = <T>(value: unknown) => value as T;

describe("fernet input checks", () => {
  it("importFernetKey: wrong size or undecodable text is INVALID_KEY, a wrong type INVALID_ARGUMENT", async () => {
    for (const raw of [
      new Uint8Array(31),
      new Uint8Array(33),
      new Uint8Array(0),
      "",
      "%%%%",
      "cw_0x689RpI",
      `${SECRET}A`,
    ]) {
      assert.equal(await codeOf(() => importFernetKey(raw)), "INVALID_KEY", String(raw));
    }
    for (const raw of [
      undefined,
      null,
      32,
      [...new Uint8Array(32)],
      new ArrayBuffer(32),
      { length: 32 },
    ]) {
      assert.equal(await codeOf(() => importFernetKey(bad(raw))), "INVALID_ARGUMENT", String(raw));
    }
  });

  it("fernetEncrypt: key, plaintext, time and IV are checked", async () => {
    const key = await importFernetKey(generateFernetKey());
    const aesOnly = await crypto.subtle.importKey("raw", new Uint8Array(16), "AES-CBC", false, [
      "encrypt",
      "decrypt",
    ]);
    // An HMAC key of another hash would write a MAC of another length into the token.
    const hmacKey = (hash: string, bits: number) =>
      crypto.subtle.importKey(
        "raw",
        new Uint8Array(bits / 8),
        { name: "HMAC", hash, length: bits },
        false,
        ["sign", "verify"],
      );
    const sha1 = { hmac: await hmacKey("SHA-1", 128), aes: key.aes };
    const sha512 = { hmac: await hmacKey("SHA-512", 128), aes: key.aes };
    const longer = { hmac: await hmacKey("SHA-256", 256), aes: key.aes };
    const notKeys = [
      null,
      undefined,
      {},
      { hmac: key.hmac },
      { hmac: key.aes, aes: key.hmac },
      { hmac: aesOnly, aes: aesOnly },
      "key",
      sha1,
      sha512,
      longer,
    ];
    for (const k of notKeys) {
      assert.equal(
        await codeOf(() => fernetEncrypt(bad<FernetKey>(k), new Uint8Array(1))),
        "INVALID_ARGUMENT",
      );
    }
    for (const p of ["text", [1, 2], null, new ArrayBuffer(4)]) {
      assert.equal(await codeOf(() => fernetEncrypt(key, bad(p))), "INVALID_ARGUMENT");
    }
    for (const time of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, "5"]) {
      assert.equal(
        await codeOf(() => fernetEncrypt(key, new Uint8Array(1), { time: bad(time) })),
        "INVALID_ARGUMENT",
      );
    }
    for (const iv of [
      new Uint8Array(15),
      new Uint8Array(17),
      new Uint8Array(0),
      "0123456789abcdef",
    ]) {
      assert.equal(
        await codeOf(() => fernetEncrypt(key, new Uint8Array(1), { iv: bad(iv) })),
        "INVALID_ARGUMENT",
      );
    }
    assert.equal(
      await codeOf(() => fernetEncrypt(key, new Uint8Array(1), bad(null))),
      "INVALID_ARGUMENT",
    );
  });

  it("fernetDecrypt: key, token type, ttl and now are checked", async () => {
    const key = await importFernetKey(generateFernetKey());
    const token = await fernetEncrypt(key, new Uint8Array(1));
    assert.equal(await codeOf(() => fernetDecrypt(bad({}), token)), "INVALID_ARGUMENT");
    assert.equal(
      await codeOf(() => fernetDecrypt(key, bad(encodeFernetToken(token)))),
      "INVALID_ARGUMENT",
    );
    assert.equal(await codeOf(() => fernetDecrypt(key, bad([...token]))), "INVALID_ARGUMENT");
    for (const ttl of [-1, Number.NaN, Number.POSITIVE_INFINITY, "60"]) {
      assert.equal(
        await codeOf(() => fernetDecrypt(key, token, { ttl: bad(ttl) })),
        "INVALID_ARGUMENT",
      );
    }
    for (const now of [-5, Number.NaN, "now"]) {
      assert.equal(
        await codeOf(() => fernetDecrypt(key, token, { ttl: 60, now: bad(now) })),
        "INVALID_ARGUMENT",
      );
    }
  });

  it("token shape: too short, wrong version, partial block are TOKEN_MALFORMED", async () => {
    const key = await importFernetKey(generateFernetKey());
    const token = await fernetEncrypt(key, new Uint8Array(0));
    assert.equal(token.length, 73);
    const wrongVersion = token.slice();
    wrongVersion[0] = 0x81;
    for (const t of [
      new Uint8Array(0),
      token.subarray(0, 72),
      wrongVersion,
      new Uint8Array(74).fill(0x80),
    ]) {
      assert.equal(await codeOf(() => checkFernetTokenShape(t)), "TOKEN_MALFORMED");
      assert.equal(await codeOf(() => fernetDecrypt(key, t)), "TOKEN_MALFORMED");
    }
    assert.equal(await codeOf(() => checkFernetTokenShape(bad("token"))), "INVALID_ARGUMENT");
  });

  it("decodeFernetToken: garbage base64 and bad shapes are TOKEN_MALFORMED, non-strings INVALID_ARGUMENT", async () => {
    const key = await importFernetKey(generateFernetKey());
    const text = encodeFernetToken(await fernetEncrypt(key, new Uint8Array(3)));
    assert.match(text, /^[A-Za-z0-9_-]+=*$/);
    assert.equal(text.length % 4, 0);
    const garbage = [
      "",
      "%%%%",
      `${text} `,
      text.replace(/.$/, "*"),
      `${text.slice(0, -4)}+/==`,
      text.slice(1),
      "gAAAAA==",
    ];
    for (const t of garbage)
      assert.equal(await codeOf(() => decodeFernetToken(t)), "TOKEN_MALFORMED", t);
    assert.equal(await codeOf(() => decodeFernetToken(bad(42))), "INVALID_ARGUMENT");
    assert.equal(await codeOf(() => encodeFernetToken(bad("x"))), "INVALID_ARGUMENT");
  });
});
