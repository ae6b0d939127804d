import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fromBase64Url, toHex, utf8Encode } from "../../shared/bytes.ts";
import {
  createVault,
  openVault,
  parseVaultFile,
  sealVault,
  serializeVault,
  unlockVault,
  VAULT_ITERATIONS,
  type VaultFile,
} from "../../shared/vault.ts";
import { deriveVaultKey, pbkdf2Sha256, vaultCheckValue } from "../../shared/vault-kdf.ts";
import { hex, rejectsWith, vectors } from "../data/keys/test-helpers.ts";

const fast = { iterations: 1000 };
const low = { minIterations: 1000 };
const plaintext = utf8Encode("members, epochs and the audit log");

describe("PBKDF2-HMAC-SHA256 known answers", () => {
  // Published vectors (RFC 7914 §11 for the 64-byte ones; the others are the widely used
  // SHA-256 counterparts of RFC 6070), re-checked with Python's hashlib.
  const cases: [string, string, number, string][] = [
    ["password", "salt", 1, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"],
    ["password", "salt", 2, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"],
    ["password", "salt", 4096, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"],
    [
      "passwordPASSWORDpassword",
      "saltSALTsaltSALTsaltSALTsaltSALTsalt",
      4096,
      "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9",
    ],
    ["pass\0word", "sa\0lt", 4096, "89b69d0516f829893c696226650a8687"],
    [
      "passwd",
      "salt",
      1,
      "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
    ],
    [
      "Password",
      "NaCl",
      80000,
      "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d",
    ],
  ];
  for (const [password, salt, iterations, expected] of cases) {
    test(`P=${JSON.stringify(password)} S=${JSON.stringify(salt)} c=${iterations} dkLen=${expected.length / 2}`, async () => {
      const out = await pbkdf2Sha256(
        utf8Encode(password),
        utf8Encode(salt),
        iterations,
        expected.length / 2,
      );
      assert.equal(toHex(out), expected);
    });
  }

  test("the vault key is the first 32 bytes of the same function", async () => {
    const key = await deriveVaultKey("passwd", utf8Encode("salt"), 1);
    assert.equal(toHex(key), cases[5]![3].slice(0, 64));
  });
});

describe("a vault file made by Python (hashlib + cryptography.fernet)", () => {
  const { vault } = vectors;

  test("unlocks to the known plaintext and the known derived key", async () => {
    const { plaintext: opened, key } = await unlockVault(vault.password, vault.file, low);
    assert.equal(toHex(opened), vault.plaintextHex);
    assert.equal(toHex(key.key), vault.keyHex);
    assert.equal(key.salt, vault.file.salt);
    assert.equal(key.iterations, 1000);
  });

  test("the check value is HMAC-SHA256(key, label)[0..16]", async () => {
    assert.equal(
      toHex(await vaultCheckValue(hex(vault.keyHex))),
      toHex(fromBase64Url(vault.file.check as string)),
    );
  });

  test("the password is NFC-normalised: a decomposed é unlocks too", async () => {
    const decomposed = vault.password.normalize("NFD");
    assert.notEqual(decomposed, vault.password);
    const { plaintext: opened } = await unlockVault(decomposed, JSON.stringify(vault.file), low);
    assert.equal(toHex(opened), vault.plaintextHex);
  });

  test("the VaultKey holds the derived key, never the password", async () => {
    const { key } = await unlockVault(vault.password, vault.file, low);
    assert.deepEqual(Object.keys(key).sort(), ["iterations", "key", "salt"]);
    assert.ok(!JSON.stringify({ ...key, key: Array.from(key.key) }).includes("horse"));
  });

  test("without an explicit lower floor, 1000 iterations are refused", async () => {
    await rejectsWith(
      unlockVault(vault.password, vault.file),
      "VAULT_CORRUPT",
      /iterations must be at least 100000/,
    );
  });
});

describe("round trips", () => {
  test("createVault → serialize → unlockVault", async () => {
    const { file, key } = await createVault("pw one", plaintext, fast);
    assert.deepEqual(Object.keys(file), ["v", "kdf", "iterations", "salt", "check", "token"]);
    assert.equal(file.iterations, 1000);
    assert.equal(fromBase64Url(file.salt).length, 16);
    assert.equal(key.key.length, 32);
    const text = serializeVault(file);
    assert.deepEqual(parseVaultFile(text, low), file);
    const unlocked = await unlockVault("pw one", text, low);
    assert.deepEqual(unlocked.plaintext, plaintext);
    assert.deepEqual(unlocked.key, key);
  });

  test("sealVault re-encrypts with the cached key (same salt and iterations); openVault reads it", async () => {
    const { file, key } = await createVault("pw two", plaintext, fast);
    const next = utf8Encode("changed state");
    const sealed: VaultFile = await sealVault(key, next);
    assert.equal(sealed.salt, file.salt);
    assert.equal(sealed.iterations, file.iterations);
    assert.equal(sealed.check, file.check);
    assert.notEqual(sealed.token, file.token);
    assert.deepEqual(await openVault(key, sealed), next);
    assert.deepEqual(await openVault(key, serializeVault(file)), plaintext);
    assert.deepEqual((await unlockVault("pw two", sealed, low)).plaintext, next);
  });

  test("two vaults with one password have different salts and keys", async () => {
    const a = await createVault("same", plaintext, fast);
    const b = await createVault("same", plaintext, fast);
    assert.notEqual(a.file.salt, b.file.salt);
    assert.notDeepEqual(a.key.key, b.key.key);
  });

  test("empty and large plaintexts", async () => {
    const { file } = await createVault("pw", new Uint8Array(0), fast);
    assert.equal((await unlockVault("pw", file, low)).plaintext.length, 0);
    const big = new Uint8Array(1_000_000).map((_, i) => i & 0xff);
    const made = await createVault("pw", big, fast);
    assert.deepEqual(await openVault(made.key, made.file), big);
  });

  test(`the real default: ${VAULT_ITERATIONS} iterations`, async () => {
    const { file, key } = await createVault("a real password", plaintext);
    assert.equal(file.iterations, 600_000);
    const unlocked = await unlockVault("a real password", serializeVault(file));
    assert.deepEqual(unlocked.plaintext, plaintext);
    assert.deepEqual(unlocked.key.key, key.key);
  });
});
