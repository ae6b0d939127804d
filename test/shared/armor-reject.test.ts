// base62 armor decoding rejects impossible lengths, overflowing blocks and foreign characters.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ARMOR_ALPHABET, armor, armoredLength, dearmor } from "../../shared/base62-armor.ts";

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

function base62(value: bigint, chars: number): string {
  let out = "";
  for (let i = 0; i < chars; i++) {
    out = ARMOR_ALPHABET[Number(value % 62n)]! + out;
    value /= 62n;
  }
  assert.equal(value, 0n);
  return out;
}

describe("base62 armor rejection", () => {
  it("rejects every final length that no byte count produces", () => {
    const bytesFor = new Map(Array.from({ length: 32 }, (_, k) => [armoredLength(k), k] as const));
    let rejected = 0;
    for (let rem = 0; rem < 43; rem++) {
      for (const full of [0, 2]) {
        const text = "0".repeat(full * 43 + rem);
        const k = bytesFor.get(rem);
        if (k !== undefined) assert.deepEqual(dearmor(text), new Uint8Array(full * 32 + k));
        else {
          assert.equal(
            code(() => dearmor(text)),
            "ARMOR_INVALID",
            `length ${text.length}`,
          );
          rejected++;
        }
      }
    }
    assert.equal(rejected, 2 * (43 - 32)); // 43 remainders, 32 of them (k = 0..31) possible
  });

  it("rejects a final block whose value does not fit its byte count", () => {
    assert.deepEqual(dearmor("47"), Uint8Array.of(255));
    assert.equal(
      code(() => dearmor("48")),
      "ARMOR_INVALID",
    ); // 256
    assert.equal(
      code(() => dearmor("zz")),
      "ARMOR_INVALID",
    );
    assert.deepEqual(dearmor(base62(2n ** 200n - 1n, 34)), new Uint8Array(25).fill(255));
    assert.equal(
      code(() => dearmor(base62(2n ** 200n, 34))),
      "ARMOR_INVALID",
    );
  });

  it("rejects a full block whose value is 2^256 or more, in any position", () => {
    const max = base62(2n ** 256n - 1n, 43);
    const over = base62(2n ** 256n, 43);
    assert.deepEqual(dearmor(max), new Uint8Array(32).fill(255));
    assert.equal(
      code(() => dearmor(over)),
      "ARMOR_INVALID",
    );
    assert.equal(
      code(() => dearmor("z".repeat(43))),
      "ARMOR_INVALID",
    );
    const zero = "0".repeat(43);
    assert.equal(
      code(() => dearmor(zero + over + zero)),
      "ARMOR_INVALID",
    );
    assert.equal(
      code(() => dearmor(zero + zero + over)),
      "ARMOR_INVALID",
    );
  });

  it("rejects any character outside 0-9A-Za-z, wherever it is", () => {
    const good = armor(new Uint8Array(40).fill(7));
    const foreign = [
      "-",
      "_",
      "+",
      "/",
      "=",
      " ",
      "\n",
      "\u0000",
      "é",
      "\u0660",
      "\uFF10",
      "\u200B",
      "\u00AD",
      "😀"[0]!,
    ];
    for (const ch of foreign) {
      for (const at of [0, 21, good.length - 1]) {
        const text = good.slice(0, at) + ch + good.slice(at + 1);
        assert.equal(text.length, good.length);
        assert.equal(
          code(() => dearmor(text)),
          "ARMOR_INVALID",
          `char U+${ch.charCodeAt(0).toString(16)} at ${at}`,
        );
      }
    }
  });

  it("rejects wrong argument types with INVALID_ARGUMENT", () => {
    assert.equal(
      code(() => dearmor(123 as unknown as string)),
      "INVALID_ARGUMENT",
    );
    assert.equal(
      code(() => armor("abc" as unknown as Uint8Array)),
      "INVALID_ARGUMENT",
    );
    assert.equal(
      code(() => armor([1, 2] as unknown as Uint8Array)),
      "INVALID_ARGUMENT",
    );
    assert.equal(
      code(() => armoredLength(-1)),
      "INVALID_ARGUMENT",
    );
    assert.equal(
      code(() => armoredLength(1.5)),
      "INVALID_ARGUMENT",
    );
  });
});
