/**
 * The journal's synchronous Fernet sealer (server/crypto/fernet-seal-sync.ts) against the public
 * fernet/spec vectors byte for byte, against shared/fernet.ts both ways, with a flipped bit
 * refused, and with its inputs checked by name.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import * as v from "valibot";
import { fernetEncryptSync } from "../../server/crypto/fernet-seal-sync.ts";
import { utf8Decode, utf8Encode } from "../../shared/bytes.ts";
import {
  encodeFernetToken,
  fernetDecrypt,
  fernetEncrypt,
  generateFernetKey,
  importFernetKey,
} from "../../shared/fernet.ts";

const Generate = v.array(
  v.object({
    token: v.string(),
    now: v.string(),
    secret: v.string(),
    iv: v.array(v.number()),
    src: v.string(),
  }),
);
const vectors = v.parse(
  Generate,
  JSON.parse(readFileSync(new URL("../data/fernet-spec/generate.json", import.meta.url), "utf8")),
);

describe("fernetEncryptSync", () => {
  it("makes the spec's tokens byte for byte", async () => {
    assert.ok(vectors.length > 0);
    for (const c of vectors) {
      const key = await importFernetKey(c.secret);
      const token = fernetEncryptSync(key, utf8Encode(c.src), {
        time: Date.parse(c.now) / 1000,
        iv: Uint8Array.from(c.iv),
      });
      assert.equal(encodeFernetToken(token), c.token);
    }
  });

  it("makes what the WebCrypto Fernet makes, and each opens the other's tokens", async () => {
    const key = await importFernetKey(generateFernetKey());
    const iv = new Uint8Array(16).fill(7);
    for (const text of ["", "x", "a".repeat(15), "a".repeat(16), "ünïcode ✓ ".repeat(40)]) {
      const plain = utf8Encode(text);
      const sync = fernetEncryptSync(key, plain, { time: 1_800_000_000, iv });
      assert.deepEqual(sync, await fernetEncrypt(key, plain, { time: 1_800_000_000, iv }));
      assert.equal(utf8Decode(await fernetDecrypt(key, fernetEncryptSync(key, plain))), text);
    }
  });

  it("gives a token no other key opens, and one a flipped bit breaks", async () => {
    const key = await importFernetKey(generateFernetKey());
    const token = fernetEncryptSync(key, utf8Encode("the group's change"));
    await assert.rejects(fernetDecrypt(await importFernetKey(generateFernetKey()), token), {
      code: "TOKEN_AUTH_FAILED",
    });
    for (const at of [0, 5, 12, 30, token.length - 1]) {
      const flipped = token.slice();
      flipped[at]! ^= 1;
      await assert.rejects(
        fernetDecrypt(key, flipped),
        (e: unknown) => e instanceof Error && "code" in e,
        `bit flipped at byte ${at}`,
      );
    }
  });

  it("checks its inputs with named messages", async () => {
    const key = await importFernetKey(generateFernetKey());
    const bad = { hmac: "not a key" } as unknown as typeof key;
    assert.throws(() => fernetEncryptSync(bad, new Uint8Array(1)), {
      code: "INVALID_ARGUMENT",
      message: /FernetKey/,
    });
    assert.throws(() => fernetEncryptSync(key, "text" as unknown as Uint8Array), {
      code: "INVALID_ARGUMENT",
      message: /plaintext/,
    });
    assert.throws(() => fernetEncryptSync(key, new Uint8Array(1), { iv: new Uint8Array(8) }), {
      message: /iv must be 16 bytes/,
    });
    assert.throws(() => fernetEncryptSync(key, new Uint8Array(1), { time: -1 }), {
      message: /time/,
    });
  });
});
