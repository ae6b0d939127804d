/** The fan-out's worker pool: standard RSA-OAEP that WebCrypto unwraps; bad keys and a closed pool fall back. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { WRAP_CHUNK, WrapPool } from "../../server/crypto/wrap-pool.ts";
import { type WrappedChunk, wrapText } from "../../server/crypto/wrapped-chunk.ts";
import { fromBase64Url, randomBytes } from "../../shared/bytes.ts";
import { generateIdentity } from "../../shared/identity.ts";
import { unwrapSessionKey } from "../../shared/key-delivery.ts";
import { importEncPublicKey } from "../../shared/key-import.ts";

/** The pool's chunk callback as one call per member: its index and wrap (base64url) or undefined. */
const perMember =
  (deliver: (index: number, wrapped: string | undefined) => void) => (chunk: WrappedChunk) => {
    for (let i = 0; i < chunk.count; i++) deliver(chunk.start + i, wrapText(chunk, i));
  };

const generated = Promise.all([generateIdentity(), generateIdentity(), generateIdentity()]);

test("wraps from the pool unwrap with WebCrypto, for every member, in any number of chunks", async () => {
  const people = await generated;
  const pool = new WrapPool(2);
  try {
    const key = randomBytes(32);
    const keyCopy = key.slice();
    const count = WRAP_CHUNK * 3 + 5;
    const encKeys = Array.from(
      { length: count },
      (_, i) => people[i % people.length]!.identity.encPublic,
    );
    const got = new Map<number, Uint8Array | undefined>();
    await pool.wrapAll(
      key,
      encKeys,
      perMember(
        (index, wrapped) =>
          void got.set(index, wrapped === undefined ? undefined : fromBase64Url(wrapped)),
      ),
    );
    assert.equal(got.size, count);
    for (const index of [0, 1, 2, WRAP_CHUNK, count - 1]) {
      const wrapped = got.get(index);
      assert.ok(wrapped, `index ${index} wrapped`);
      const unwrapped = await unwrapSessionKey(
        people[index % people.length]!.identity.encPrivate,
        wrapped,
      );
      assert.deepEqual(unwrapped, key);
      const flipped = wrapped.slice();
      flipped[100]! ^= 1;
      await assert.rejects(
        unwrapSessionKey(people[index % people.length]!.identity.encPrivate, flipped),
        { code: "UNWRAP_FAILED" },
      );
    }
    assert.notDeepEqual(
      got.get(0),
      got.get(people.length),
      "OAEP is randomized: same key, different wraps",
    );
    assert.deepEqual(key, keyCopy, "the caller's key is left as it was");
  } finally {
    await pool.close();
  }
});

test("a key the pool cannot use yields undefined for that member only", async () => {
  const people = await generated;
  const pool = new WrapPool(1);
  try {
    const good = people[0]!.identity.encPublic;
    const ecdsa = people[0]!.identity.signPublic;
    const private3072 = people[0]!.identity.encPrivate;
    const rsa2048 = (await crypto.subtle.generateKey(
      {
        name: "RSA-OAEP",
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      },
      false,
      ["encrypt", "decrypt"],
    )) as CryptoKeyPair;
    const encKeys = [good, ecdsa, private3072, rsa2048.publicKey, good];
    const got: Array<boolean> = [];
    await pool.wrapAll(
      randomBytes(32),
      encKeys,
      perMember((index, wrapped) => {
        got[index] = wrapped !== undefined;
      }),
    );
    assert.deepEqual(got, [true, false, false, false, true]);
  } finally {
    await pool.close();
  }
});

test("closing the pool mid-run delivers every member once (undefined for what was not wrapped)", async () => {
  const people = await generated;
  const pool = new WrapPool(2);
  const encKeys = Array.from(
    { length: WRAP_CHUNK * 20 },
    (_, i) => people[i % 3]!.identity.encPublic,
  );
  const seen = new Map<number, number>();
  const run = pool.wrapAll(
    randomBytes(32),
    encKeys,
    perMember((index) => void seen.set(index, (seen.get(index) ?? 0) + 1)),
  );
  await new Promise((r) => setTimeout(r, 30));
  await pool.close();
  await run;
  assert.equal(seen.size, encKeys.length);
  assert.ok(
    [...seen.values()].every((n) => n === 1),
    "each index delivered exactly once",
  );
  let late = 0;
  await pool.wrapAll(
    randomBytes(32),
    encKeys.slice(0, 3),
    perMember((_, wrapped) => {
      if (wrapped) late++;
    }),
  );
  assert.equal(late, 0, "a closed pool wraps nothing; callers fall back");
});

test("rounds after the first wrap from keys the workers already hold; a worker past its limit starts afresh", async () => {
  const people = await generated;
  // Distinct imports of the same keys are distinct keys to the pool: nine keys against a limit of four.
  const reimported = await Promise.all(
    Array.from({ length: 9 }, (_, i) => importEncPublicKey(people[i % 3]!.exported.encSpki)),
  );
  const pool = new WrapPool(1, { maxWorkerKeys: 4 });
  try {
    for (const keys of [
      reimported.slice(0, 3),
      reimported.slice(0, 3),
      reimported,
      reimported.slice(0, 3),
    ]) {
      const key = randomBytes(32);
      const got: Array<string | undefined> = [];
      await pool.wrapAll(
        key,
        keys,
        perMember((index, wrapped) => {
          got[index] = wrapped;
        }),
      );
      assert.equal(got.length, keys.length);
      for (const [i, wrapped] of got.entries()) {
        assert.ok(wrapped, `member ${i} wrapped`);
        assert.deepEqual(
          await unwrapSessionKey(people[i % 3]!.identity.encPrivate, fromBase64Url(wrapped)),
          key,
        );
      }
    }
  } finally {
    await pool.close();
  }
});
