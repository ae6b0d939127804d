import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  concatBytes,
  constantTimeEqual,
  fromBase64Url,
  fromHex,
  toBase64Url,
  toHex,
  utf8Decode,
  utf8Encode,
} from "../../shared/bytes.ts";
import { GryptError } from "../../shared/errors.ts";

const code = (c: string) => (e: unknown) => e instanceof GryptError && e.code === c;

describe("base64url", () => {
  test("matches Node's Buffer (a second implementation) at every length 0..300, padded and not", () => {
    for (let n = 0; n <= 300; n++) {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      const reference = Buffer.from(bytes).toString("base64url");
      const padded = reference + "=".repeat((4 - (reference.length % 4)) % 4);
      assert.equal(toBase64Url(bytes), reference);
      assert.equal(toBase64Url(bytes, true), padded);
      assert.deepEqual(fromBase64Url(reference), bytes);
      assert.deepEqual(fromBase64Url(padded), bytes);
    }
  });

  test("large inputs encode to one flat string", () => {
    const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7919) % 251);
    assert.equal(toBase64Url(big), Buffer.from(big).toString("base64url"));
  });

  test("rejects characters outside the alphabet, impossible lengths and non-zero trailing bits", () => {
    for (const bad of ["a+b/", "ab c", "é", "a", "abcde", "AB=A", "AR", "ABC"]) {
      assert.throws(() => fromBase64Url(bad), code("INVALID_ENCODING"), bad);
    }
    assert.throws(() => fromBase64Url(42 as unknown as string), code("INVALID_ENCODING"));
    assert.throws(() => toBase64Url("abc" as unknown as Uint8Array), code("INVALID_ARGUMENT"));
  });
});

describe("hex, UTF-8, comparison", () => {
  test("hex round trip and rejection", () => {
    assert.equal(toHex(new Uint8Array([0, 15, 255])), "000fff");
    assert.deepEqual(fromHex("000FFF"), new Uint8Array([0, 15, 255]));
    for (const bad of ["0", "zz", "0x00"])
      assert.throws(() => fromHex(bad), code("INVALID_ENCODING"));
  });

  test("UTF-8 decoding is strict", () => {
    assert.equal(utf8Decode(utf8Encode("grüße 👋")), "grüße 👋");
    assert.throws(() => utf8Decode(new Uint8Array([0xff, 0xfe])), code("INVALID_ENCODING"));
  });

  test("constantTimeEqual and concatBytes", () => {
    assert.equal(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])), true);
    assert.equal(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3])), false);
    assert.equal(constantTimeEqual(new Uint8Array([1]), new Uint8Array([1, 2])), false);
    assert.deepEqual(
      concatBytes(new Uint8Array([1]), new Uint8Array([]), new Uint8Array([2, 3])),
      new Uint8Array([1, 2, 3]),
    );
  });
});
