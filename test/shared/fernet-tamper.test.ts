// Fernet tampering: every single flipped bit, truncation, extension and a wrong key must fail.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { concatBytes, randomBytes } from "../../shared/bytes.ts";
import {
  fernetDecrypt,
  fernetEncrypt,
  generateFernetKey,
  importFernetKey,
} from "../../shared/fernet.ts";

function codeOf(e: unknown): string | undefined {
  return (e as { code?: string }).code;
}

async function failureCode(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
  } catch (e) {
    return codeOf(e);
  }
  return undefined;
}

describe("fernet tampering", () => {
  for (const length of [0, 20]) {
    it(`flipping each of the bits of a ${length}-byte plaintext's token fails with the right code`, async () => {
      const key = await importFernetKey(generateFernetKey());
      const token = await fernetEncrypt(key, randomBytes(length));
      assert.equal((await fernetDecrypt(key, token)).length, length);
      let checked = 0;
      for (let bit = 0; bit < token.length * 8; bit++) {
        const bad = token.slice();
        bad[bit >> 3]! ^= 0x80 >> (bit & 7);
        const code = await failureCode(() => fernetDecrypt(key, bad));
        // The version byte is checked before the MAC; every other bit is covered by the MAC.
        assert.equal(code, bit < 8 ? "TOKEN_MALFORMED" : "TOKEN_AUTH_FAILED", `bit ${bit}`);
        checked++;
      }
      assert.equal(checked, token.length * 8);
    });
  }

  it("truncated or extended tokens fail", async () => {
    const key = await importFernetKey(generateFernetKey());
    const token = await fernetEncrypt(key, randomBytes(40));
    for (let cut = 1; cut <= 40; cut++) {
      const code = await failureCode(() =>
        fernetDecrypt(key, token.subarray(0, token.length - cut)),
      );
      assert.equal(code, cut % 16 === 0 ? "TOKEN_AUTH_FAILED" : "TOKEN_MALFORMED", `cut ${cut}`);
    }
    assert.equal(
      await failureCode(() => fernetDecrypt(key, concatBytes(token, new Uint8Array(16)))),
      "TOKEN_AUTH_FAILED",
    );
    assert.equal(
      await failureCode(() => fernetDecrypt(key, concatBytes(token, Uint8Array.of(0)))),
      "TOKEN_MALFORMED",
    );
  });

  it("a wrong key fails, also when only one half is wrong", async () => {
    const raw = generateFernetKey();
    const token = await fernetEncrypt(await importFernetKey(raw), randomBytes(33));
    const wrongHmac = raw.slice();
    wrongHmac[0]! ^= 1;
    const wrongAes = raw.slice();
    wrongAes[31]! ^= 1;
    assert.equal(
      await failureCode(async () =>
        fernetDecrypt(await importFernetKey(generateFernetKey()), token),
      ),
      "TOKEN_AUTH_FAILED",
    );
    assert.equal(
      await failureCode(async () => fernetDecrypt(await importFernetKey(wrongHmac), token)),
      "TOKEN_AUTH_FAILED",
    );
    // Right MAC key, wrong AES key: authentic, but decrypts to garbage whose padding almost
    // always fails; when the padding happens to pass, the plaintext differs.
    const result = await fernetDecrypt(await importFernetKey(wrongAes), token).catch(
      (e: unknown) => codeOf(e) ?? "none",
    );
    if (typeof result === "string") assert.equal(result, "TOKEN_MALFORMED");
    else assert.notEqual(result.length, 33);
  });

  it("swapping the two halves of the key fails", async () => {
    const raw = generateFernetKey();
    const token = await fernetEncrypt(await importFernetKey(raw), randomBytes(5));
    const swapped = concatBytes(raw.subarray(16), raw.subarray(0, 16));
    assert.equal(
      await failureCode(async () => fernetDecrypt(await importFernetKey(swapped), token)),
      "TOKEN_AUTH_FAILED",
    );
  });
});
