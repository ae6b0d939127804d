// base62 armor: known answers derived by hand, a BigInt reference encoder, round-trip properties.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ARMOR_ALPHABET,
  armor,
  armoredLength,
  dearmor,
  dearmoredLength,
} from "../../shared/base62-armor.ts";
import { randomBytes } from "../../shared/bytes.ts";

/** Independent reference: whole-block BigInt conversion, written from the docs/design.md wording. */
function referenceArmor(bytes: Uint8Array): string {
  let out = "";
  for (let start = 0; start < bytes.length; start += 32) {
    const block = bytes.subarray(start, start + 32);
    let value = 0n;
    for (const b of block) value = value * 256n + BigInt(b);
    let chars = 0;
    while (62n ** BigInt(chars) < 256n ** BigInt(block.length)) chars++;
    let digits = "";
    for (let i = 0; i < chars; i++) {
      digits = ARMOR_ALPHABET[Number(value % 62n)]! + digits;
      value /= 62n;
    }
    assert.equal(value, 0n);
    out += digits;
  }
  return out;
}

const randomLength = (max: number) => Math.floor(Math.random() * (max + 1));

describe("base62 armor known answers", () => {
  it("alphabet is 0-9A-Za-z in that order", () => {
    assert.equal(ARMOR_ALPHABET, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
  });

  it("one-byte values: 0, 61, 62, 255 (two characters each)", () => {
    assert.equal(armor(Uint8Array.of(0)), "00");
    assert.equal(armor(Uint8Array.of(61)), "0z");
    assert.equal(armor(Uint8Array.of(62)), "10");
    assert.equal(armor(Uint8Array.of(255)), "47"); // 4*62 + 7
    assert.equal(armor(Uint8Array.of(1, 0)), "048"); // 256 = 4*62 + 8, three characters for two bytes
  });

  it("all-zero block is 43 zeros; all-0xFF block is 2^256-1 in base62", () => {
    assert.equal(armor(new Uint8Array(32)), "0".repeat(43));
    const ff = armor(new Uint8Array(32).fill(255));
    let v = 0n;
    for (const ch of ff) v = v * 62n + BigInt(ARMOR_ALPHABET.indexOf(ch));
    assert.equal(v, 2n ** 256n - 1n);
    assert.equal(ff.length, 43);
    assert.notEqual(ff[0], "0"); // 62^42 < 2^256: the top digit is used
  });

  it("lengths: fewest c with 62^c >= 256^k, per block", () => {
    // 62^2=3844>=256; 62^3=238328>=65536; 62^4=14776336<2^24<62^5; 62^12<2^72<=62^13
    const expected: [number, number][] = [
      [0, 0],
      [1, 2],
      [2, 3],
      [3, 5],
      [4, 6],
      [9, 13],
      [25, 34],
      [31, 42],
      [32, 43],
      [33, 45],
      [64, 86],
      [73, 99],
    ];
    for (const [bytes, chars] of expected) {
      assert.equal(armoredLength(bytes), chars, `${bytes} bytes`);
      assert.equal(dearmoredLength(chars), bytes, `${chars} chars`);
    }
    assert.equal(dearmoredLength(1), -1);
    assert.equal(dearmoredLength(44), -1);
  });

  it("blocks are independent and big-endian", () => {
    const bytes = new Uint8Array(34);
    bytes[31] = 1; // last byte of block one
    bytes[33] = 62; // second byte of the 2-byte final block
    assert.equal(armor(bytes), `${"0".repeat(42)}1${"010"}`);
  });
});

describe("base62 armor properties", () => {
  it("every length 0..200 and 300 random lengths up to 4096: round trip, alphabet, length, reference", () => {
    const lengths = [
      ...Array.from({ length: 201 }, (_, i) => i),
      ...Array.from({ length: 300 }, () => randomLength(4096)),
      4096,
    ];
    for (const n of lengths) {
      const bytes = randomBytes(n);
      const text = armor(bytes);
      assert.match(text, /^[0-9A-Za-z]*$/);
      assert.equal(text.length, armoredLength(n), `length for ${n}`);
      assert.equal(text, referenceArmor(bytes), `reference for ${n}`);
      assert.deepEqual(dearmor(text), bytes, `round trip for ${n}`);
    }
  });

  it("extreme bytes round trip (all zero, all 0xFF) at every final-block size", () => {
    for (let n = 0; n <= 96; n++) {
      for (const fill of [0, 255]) {
        const bytes = new Uint8Array(n).fill(fill);
        assert.deepEqual(dearmor(armor(bytes)), bytes, `${n} bytes of ${fill}`);
      }
    }
  });

  it("decoding is canonical: a random alphanumeric text either fails or re-encodes to itself", () => {
    let accepted = 0;
    for (let i = 0; i < 500; i++) {
      const n = armoredLength(randomLength(200));
      let text = "";
      for (let j = 0; j < n; j++) text += ARMOR_ALPHABET[Math.floor(Math.random() * 62)];
      try {
        assert.equal(armor(dearmor(text)), text);
        accepted++;
      } catch (e) {
        assert.equal((e as { code?: string }).code, "ARMOR_INVALID");
      }
    }
    assert.ok(accepted > 0);
  });
});
