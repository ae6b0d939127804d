// Cross-check with an independent implementation, the npm `fernet` 0.4.0 package (crypto-js based).
// Its quirks, which is why it is a test peer only: importing it adds `lpad` to String.prototype;
// tokens expire after 60 s unless ttl is 0 (and ttl 0 means "no TTL", unlike the spec's ttl 0);
// its `iv` option is broken (it hex-encodes the array's indices, so every fixed IV is 00..0f);
// it decodes plaintext as UTF-8 only (binary plaintext cannot come out of it); it accepts
// tokens the spec rejects (bad padding, partial blocks). Each test file runs in its own process,
// so the String.prototype change stays here.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { randomBytes, toBase64Url, toHex, utf8Decode, utf8Encode } from "../../shared/bytes.ts";
import {
  decodeFernetToken,
  encodeFernetToken,
  fernetDecrypt,
  fernetEncrypt,
  generateFernetKey,
  importFernetKey,
} from "../../shared/fernet.ts";

interface WordArray {
  toString(): string;
}
interface PeerToken {
  encode(message: string | WordArray): string;
  decode(token?: string): string;
}
interface PeerFernet {
  Secret: new (secret64: string) => object;
  Token: new (opts: {
    secret: object;
    ttl: number;
    token?: string;
    time?: string;
    iv?: number[];
  }) => PeerToken;
  Hex: { parse(hex: string): WordArray };
}

const peer = createRequire(import.meta.url)("fernet") as PeerFernet;

/** Random text with ASCII, accents, CJK and astral characters (what a post may hold). */
function randomText(length: number): string {
  const pool = [
    "a",
    "Z",
    "0",
    " ",
    "\n",
    "é",
    "ß",
    "€",
    "漢",
    "字",
    "😀",
    "🏳️‍🌈",
    "<b>",
    "\"'",
    "\u200B",
  ];
  let out = "";
  for (let i = 0; i < length; i++) out += pool[Math.floor(Math.random() * pool.length)];
  return out;
}

describe("fernet vs npm fernet 0.4.0", () => {
  it("our tokens decrypt there (UTF-8 text of many lengths, empty included)", async () => {
    const raw = generateFernetKey();
    const key = await importFernetKey(raw);
    const secret = new peer.Secret(toBase64Url(raw, true));
    for (let i = 0; i < 60; i++) {
      const text = randomText(i < 20 ? i : Math.floor(Math.random() * 400));
      const token = encodeFernetToken(await fernetEncrypt(key, utf8Encode(text)));
      assert.equal(new peer.Token({ secret, ttl: 0, token }).decode(), text);
    }
  });

  it("its tokens decrypt here, text and arbitrary bytes alike", async () => {
    const raw = generateFernetKey();
    const key = await importFernetKey(raw);
    const secret = new peer.Secret(toBase64Url(raw, true));
    for (let i = 0; i < 40; i++) {
      const text = randomText(Math.floor(Math.random() * 300));
      const token = new peer.Token({ secret, ttl: 0 }).encode(text);
      assert.equal(utf8Decode(await fernetDecrypt(key, decodeFernetToken(token))), text);
    }
    for (const n of [1, 15, 16, 17, 100, 1000]) {
      const bytes = randomBytes(n);
      bytes[0] = 0xff; // never valid UTF-8
      const token = new peer.Token({ secret, ttl: 0 }).encode(peer.Hex.parse(toHex(bytes)));
      assert.deepEqual(await fernetDecrypt(key, decodeFernetToken(token)), bytes, `${n} bytes`);
    }
  });

  it("same key, time and IV give the same token in both (the spec's generate case)", async () => {
    const secret64 = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
    const time = "1985-10-26T01:20:00-07:00";
    // Their IV option encodes the array's indices, so 0..15 is the one IV it can be given.
    const ivArray = Array.from({ length: 16 }, (_, i) => i);
    const theirs = new peer.Token({
      secret: new peer.Secret(secret64),
      ttl: 0,
      time,
      iv: ivArray,
    }).encode("hello");
    const iv = Uint8Array.from(ivArray);
    const ours = encodeFernetToken(
      await fernetEncrypt(await importFernetKey(secret64), utf8Encode("hello"), {
        time: Date.parse(time) / 1000,
        iv,
      }),
    );
    assert.equal(ours, theirs);
    assert.equal(
      new peer.Token({ secret: new peer.Secret(secret64), ttl: 0, token: ours }).decode(),
      "hello",
    );
  });

  it("a token altered by one bit here is refused by the peer too", async () => {
    const raw = generateFernetKey();
    const key = await importFernetKey(raw);
    const secret = new peer.Secret(toBase64Url(raw, true));
    const token = await fernetEncrypt(key, utf8Encode("group post"));
    for (let byte = 9; byte < token.length; byte += 7) {
      const bad = token.slice();
      bad[byte]! ^= 0x01;
      assert.throws(
        () => new peer.Token({ secret, ttl: 0, token: encodeFernetToken(bad) }).decode(),
        /HMAC/,
      );
    }
  });
});
