// Fernet round trips over many lengths and arbitrary bytes, key handling, timestamps and TTL edges.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { randomBytes, toBase64Url } from "../../shared/bytes.ts";
import {
  decodeFernetToken,
  encodeFernetToken,
  FERNET_KEY_BYTES,
  fernetDecrypt,
  fernetEncrypt,
  fernetTimestamp,
  fernetTokenLength,
  generateFernetKey,
  importFernetKey,
} from "../../shared/fernet.ts";

async function rejectsWith(
  fn: () => Promise<unknown>,
  code: string,
  label?: string,
): Promise<void> {
  await assert.rejects(fn, (e: unknown) => (e as { code?: string }).code === code, label ?? code);
}

describe("fernet round trips", () => {
  it("generateFernetKey gives 32 fresh random bytes", () => {
    const a = generateFernetKey();
    const b = generateFernetKey();
    assert.equal(FERNET_KEY_BYTES, 32);
    assert.equal(a.length, 32);
    assert.notDeepEqual(a, b);
  });

  it("keys are non-extractable and import from bytes, padded and unpadded base64url alike", async () => {
    const raw = generateFernetKey();
    const key = await importFernetKey(raw);
    assert.equal(key.hmac.extractable, false);
    assert.equal(key.aes.extractable, false);
    await assert.rejects(crypto.subtle.exportKey("raw", key.aes));
    await assert.rejects(crypto.subtle.exportKey("raw", key.hmac));
    const token = await fernetEncrypt(key, Uint8Array.of(1, 2, 3));
    for (const text of [toBase64Url(raw, true), toBase64Url(raw)]) {
      assert.deepEqual(
        await fernetDecrypt(await importFernetKey(text), token),
        Uint8Array.of(1, 2, 3),
      );
    }
  });

  it("every length 0..64 and 40 random lengths up to 5000 bytes of arbitrary (non-UTF-8) data", async () => {
    const key = await importFernetKey(generateFernetKey());
    const lengths = [
      ...Array.from({ length: 65 }, (_, i) => i),
      ...Array.from({ length: 40 }, () => Math.floor(Math.random() * 5001)),
    ];
    for (const n of lengths) {
      const plain = randomBytes(n);
      const token = await fernetEncrypt(key, plain);
      assert.equal(token.length, fernetTokenLength(n), `token length for ${n}`);
      assert.deepEqual(await fernetDecrypt(key, token), plain, `round trip of ${n} bytes`);
      assert.deepEqual(
        await fernetDecrypt(key, decodeFernetToken(encodeFernetToken(token))),
        plain,
      );
    }
    const invalidUtf8 = Uint8Array.of(0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80);
    assert.deepEqual(await fernetDecrypt(key, await fernetEncrypt(key, invalidUtf8)), invalidUtf8);
  });

  it("a fresh IV each time: the same plaintext never gives the same token", async () => {
    const key = await importFernetKey(generateFernetKey());
    const plain = new Uint8Array(20);
    const a = await fernetEncrypt(key, plain, { time: 1000 });
    const b = await fernetEncrypt(key, plain, { time: 1000 });
    assert.notDeepEqual(a.subarray(9, 25), b.subarray(9, 25));
    assert.notDeepEqual(a, b);
  });

  it("the caller's buffers are not changed and later changes do not matter", async () => {
    const key = await importFernetKey(generateFernetKey());
    const plain = Uint8Array.of(9, 8, 7);
    const token = await fernetEncrypt(key, plain);
    const copy = token.slice();
    assert.deepEqual(await fernetDecrypt(key, token), plain);
    assert.deepEqual(token, copy);
    assert.deepEqual(plain, Uint8Array.of(9, 8, 7));
  });
});

describe("fernet timestamps and TTL", () => {
  it("time defaults to now and is stored as 64-bit big-endian seconds", async () => {
    const key = await importFernetKey(generateFernetKey());
    const before = Math.floor(Date.now() / 1000);
    const stamped = fernetTimestamp(await fernetEncrypt(key, new Uint8Array(0)));
    assert.ok(stamped >= before && stamped <= Math.floor(Date.now() / 1000) + 1);
    for (const time of [0, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 5, Number.MAX_SAFE_INTEGER]) {
      const token = await fernetEncrypt(key, new Uint8Array(0), { time });
      assert.equal(fernetTimestamp(token), time);
    }
    const token = await fernetEncrypt(key, new Uint8Array(0), { time: 0x0102030405 });
    assert.deepEqual(token.subarray(1, 9), Uint8Array.of(0, 0, 0, 1, 2, 3, 4, 5));
  });

  it("TTL edges: age == ttl passes, one more second expires; 60 s of future skew allowed, 61 not", async () => {
    const key = await importFernetKey(generateFernetKey());
    const token = await fernetEncrypt(key, Uint8Array.of(1), { time: 1_000_000 });
    assert.deepEqual(
      await fernetDecrypt(key, token, { ttl: 100, now: 1_000_100 }),
      Uint8Array.of(1),
    );
    await rejectsWith(
      () => fernetDecrypt(key, token, { ttl: 100, now: 1_000_101 }),
      "TOKEN_EXPIRED",
    );
    assert.deepEqual(await fernetDecrypt(key, token, { ttl: 0, now: 1_000_000 }), Uint8Array.of(1));
    await rejectsWith(() => fernetDecrypt(key, token, { ttl: 0, now: 1_000_001 }), "TOKEN_EXPIRED");
    assert.deepEqual(
      await fernetDecrypt(key, token, { ttl: 100, now: 1_000_000 - 60 }),
      Uint8Array.of(1),
    );
    await rejectsWith(
      () => fernetDecrypt(key, token, { ttl: 100, now: 1_000_000 - 61 }),
      "TOKEN_FROM_FUTURE",
    );
    // No TTL: neither age nor future matters, `now` alone changes nothing.
    assert.deepEqual(await fernetDecrypt(key, token, { now: 5e9 }), Uint8Array.of(1));
    assert.deepEqual(await fernetDecrypt(key, token, { now: 0 }), Uint8Array.of(1));
    const far = await fernetEncrypt(key, Uint8Array.of(2), { time: Number.MAX_SAFE_INTEGER });
    await rejectsWith(() => fernetDecrypt(key, far, { ttl: 60 }), "TOKEN_FROM_FUTURE");
  });

  it("a forged token is TOKEN_AUTH_FAILED even when it is also expired", async () => {
    const key = await importFernetKey(generateFernetKey());
    const other = await importFernetKey(generateFernetKey());
    const token = await fernetEncrypt(other, Uint8Array.of(1), { time: 1 });
    await rejectsWith(() => fernetDecrypt(key, token, { ttl: 1, now: 1e9 }), "TOKEN_AUTH_FAILED");
  });
});
