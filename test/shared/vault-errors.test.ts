import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { fromBase64Url, toBase64Url, utf8Encode } from "../../shared/bytes.ts";
import { decodeFernetToken, encodeFernetToken } from "../../shared/fernet.ts";
import {
  createVault,
  openVault,
  parseVaultFile,
  sealVault,
  serializeVault,
  unlockVault,
  type VaultFile,
  type VaultKey,
} from "../../shared/vault.ts";
import { flipBit, rejectsWith, throwsWith } from "../data/keys/test-helpers.ts";

const low = { minIterations: 1000 };
const password = "hunter2 but longer";
let file: VaultFile;
let key: VaultKey;
before(async () => {
  ({ file, key } = await createVault(password, utf8Encode("secret state"), { iterations: 1000 }));
});

const withToken = (token: Uint8Array): VaultFile => ({ ...file, token: encodeFernetToken(token) });

describe("wrong password and tampering", () => {
  test("a file written with few iterations unlocks only when the caller lowers the floor explicitly", async () => {
    await rejectsWith(
      unlockVault(password, file),
      "VAULT_CORRUPT",
      /iterations must be at least 100000/,
    );
    throwsWith(() => parseVaultFile(file), "VAULT_CORRUPT", /iterations must be at least 100000/);
    assert.deepEqual((await unlockVault(password, file, low)).key, key);
  });

  test("a wrong password is VAULT_WRONG_PASSWORD", async () => {
    await rejectsWith(
      unlockVault("hunter3 but longer", file, low),
      "VAULT_WRONG_PASSWORD",
      /wrong password/,
    );
    await rejectsWith(
      unlockVault(password.toUpperCase(), serializeVault(file), low),
      "VAULT_WRONG_PASSWORD",
    );
  });

  test("one flipped bit anywhere in the token is VAULT_CORRUPT (by password and by cached key)", async () => {
    const token = decodeFernetToken(file.token);
    // version byte, timestamp, IV, ciphertext, MAC
    for (const bit of [0, 8 * 5, 8 * 12, 8 * 30, 8 * token.length - 1]) {
      const tampered = withToken(flipBit(token, bit));
      await rejectsWith(unlockVault(password, tampered, low), "VAULT_CORRUPT");
      await rejectsWith(openVault(key, tampered), "VAULT_CORRUPT");
    }
    await rejectsWith(
      unlockVault(password, withToken(flipBit(token, 8 * 30)), low),
      "VAULT_CORRUPT",
      /damaged or were altered/,
    );
  });

  test("one flipped bit in the check value is VAULT_CORRUPT, not a wrong password", async () => {
    const check = fromBase64Url(file.check);
    for (const bit of [0, 64, 127]) {
      const tampered = { ...file, check: toBase64Url(flipBit(check, bit)) };
      await rejectsWith(
        unlockVault(password, tampered, low),
        "VAULT_CORRUPT",
        /check value is damaged/,
      );
      await rejectsWith(openVault(key, tampered), "VAULT_CORRUPT", /check value is damaged/);
    }
  });

  test("a changed salt or iteration count cannot be told from a wrong password, and opens nothing", async () => {
    const salt = toBase64Url(flipBit(fromBase64Url(file.salt), 5));
    await rejectsWith(unlockVault(password, { ...file, salt }, low), "VAULT_WRONG_PASSWORD");
    await rejectsWith(
      unlockVault(password, { ...file, iterations: 1001 }, low),
      "VAULT_WRONG_PASSWORD",
    );
    await rejectsWith(
      openVault(key, { ...file, salt }),
      "VAULT_WRONG_PASSWORD",
      /different password/,
    );
    await rejectsWith(
      openVault(key, { ...file, iterations: 1001 }),
      "VAULT_WRONG_PASSWORD",
      /different password/,
    );
  });

  test("truncated files are VAULT_CORRUPT", async () => {
    const text = serializeVault(file);
    for (const length of [0, 1, 20, text.length / 2, text.length - 1]) {
      await rejectsWith(unlockVault(password, text.slice(0, length), low), "VAULT_CORRUPT");
    }
    const token = decodeFernetToken(file.token);
    await rejectsWith(
      unlockVault(password, withToken(token.subarray(0, token.length - 16)), low),
      "VAULT_CORRUPT",
    );
    await rejectsWith(
      unlockVault(password, withToken(token.subarray(0, token.length - 1)), low),
      "VAULT_CORRUPT",
    );
    await rejectsWith(
      unlockVault(password, { ...file, token: file.token.slice(0, 40) }, low),
      "VAULT_CORRUPT",
    );
  });

  test("a file sealed under another vault's key opens as a wrong password", async () => {
    const other = await createVault("other", utf8Encode("x"), { iterations: 1000 });
    await rejectsWith(openVault(key, other.file), "VAULT_WRONG_PASSWORD");
    await rejectsWith(openVault(other.key, file), "VAULT_WRONG_PASSWORD");
    await rejectsWith(
      openVault({ ...other.key, salt: key.salt, iterations: key.iterations }, file),
      "VAULT_WRONG_PASSWORD",
    );
  });
});

describe("parseVaultFile rejects malformed files with VAULT_CORRUPT", () => {
  const cases: [string, () => unknown, RegExp][] = [
    ["not JSON", () => "{", /not JSON/],
    ["null", () => null, /vault file is corrupt/],
    ["an array", () => [file], /vault file is corrupt/],
    ["a number", () => 1, /vault file is corrupt/],
    ["version 2", () => ({ ...file, v: 2 }), /unsupported vault version/],
    ["another kdf", () => ({ ...file, kdf: "scrypt" }), /unsupported key derivation/],
    ["iterations as text", () => ({ ...file, iterations: "1000" }), /iterations must be a number/],
    ["fractional iterations", () => ({ ...file, iterations: 1000.5 }), /integer/],
    ["too many iterations", () => ({ ...file, iterations: 10_000_001 }), /at most 10000000/],
    ["too few iterations", () => ({ ...file, iterations: 999 }), /at least 1000/],
    ["short salt", () => ({ ...file, salt: file.salt.slice(0, 20) }), /salt/],
    ["salt outside the alphabet", () => ({ ...file, salt: `${file.salt.slice(0, 21)}+` }), /salt/],
    [
      "check with non-zero trailing bits",
      () => ({ ...file, check: `${file.check.slice(0, 21)}B` }),
      /check is not valid base64url/,
    ],
    ["token not base64", () => ({ ...file, token: "!!!!" }), /not valid base64url/],
    [
      "token of the wrong shape",
      () => ({ ...file, token: toBase64Url(new Uint8Array(100)) }),
      /too short|version/,
    ],
    ["missing token", () => ({ ...file, token: undefined }), /token/],
    ["extra field", () => ({ ...file, password: "oops" }), /vault file is corrupt/],
    [
      "huge token string",
      () => ({ ...file, token: "A".repeat(64 * 1024 * 1024 + 4) }),
      /token is too long/,
    ],
    ["huge text", () => " ".repeat(70 * 1024 * 1024), /too long/],
  ];
  for (const [name, make, pattern] of cases) {
    test(name, async () => {
      const input = make();
      throwsWith(() => parseVaultFile(input, low), "VAULT_CORRUPT", pattern);
      await rejectsWith(unlockVault(password, input, low), "VAULT_CORRUPT", pattern);
      await rejectsWith(openVault(key, input), "VAULT_CORRUPT");
    });
  }
});

describe("bad arguments are INVALID_ARGUMENT", () => {
  test("createVault", async () => {
    const pt = utf8Encode("x");
    await rejectsWith(
      createVault("", pt, { iterations: 1000 }),
      "INVALID_ARGUMENT",
      /password must not be empty/,
    );
    await rejectsWith(
      createVault("x".repeat(1025), pt, { iterations: 1000 }),
      "INVALID_ARGUMENT",
      /at most 1024/,
    );
    await rejectsWith(
      createVault(42 as unknown as string, pt, { iterations: 1000 }),
      "INVALID_ARGUMENT",
      /password must be a string/,
    );
    await rejectsWith(
      createVault("pw", "text" as unknown as Uint8Array, { iterations: 1000 }),
      "INVALID_ARGUMENT",
      /plaintext/,
    );
    await rejectsWith(
      createVault("pw", pt, { iterations: 0 }),
      "INVALID_ARGUMENT",
      /iterations must be an integer in 1\.\./,
    );
    await rejectsWith(createVault("pw", pt, { iterations: 2e7 }), "INVALID_ARGUMENT", /iterations/);
    await rejectsWith(
      createVault("pw", pt, { iterations: 1000.5 }),
      "INVALID_ARGUMENT",
      /iterations/,
    );
    await rejectsWith(
      createVault("pw", pt, { iterations: "1000" as unknown as number }),
      "INVALID_ARGUMENT",
      /iterations/,
    );
    await rejectsWith(
      createVault("pw", pt, null as unknown as object),
      "INVALID_ARGUMENT",
      /options/,
    );
  });

  test("unlockVault, openVault, sealVault, serializeVault", async () => {
    await rejectsWith(unlockVault("", file, low), "INVALID_ARGUMENT", /password/);
    await rejectsWith(
      unlockVault(password, file, { minIterations: -1 }),
      "INVALID_ARGUMENT",
      /minIterations/,
    );
    await rejectsWith(
      unlockVault(password, file, { minIterations: 200_000 }),
      "INVALID_ARGUMENT",
      /minIterations/,
    );
    throwsWith(
      () => parseVaultFile(file, { minIterations: 0.5 }),
      "INVALID_ARGUMENT",
      /minIterations/,
    );
    const badKeys: unknown[] = [
      null,
      { ...key, key: new Uint8Array(16) },
      { ...key, key: "k".repeat(32) },
      { ...key, salt: "short" },
      { ...key, salt: 42 },
      { ...key, iterations: 0 },
      { ...key, iterations: Number.NaN },
    ];
    for (const bad of badKeys) {
      await rejectsWith(openVault(bad as VaultKey, file), "INVALID_ARGUMENT");
      await rejectsWith(sealVault(bad as VaultKey, utf8Encode("x")), "INVALID_ARGUMENT");
    }
    await rejectsWith(
      sealVault(key, [1, 2] as unknown as Uint8Array),
      "INVALID_ARGUMENT",
      /plaintext/,
    );
    throwsWith(
      () => serializeVault({ ...file, token: "" }),
      "INVALID_ARGUMENT",
      /cannot serialize/,
    );
    throwsWith(
      () => serializeVault(null as unknown as VaultFile),
      "INVALID_ARGUMENT",
      /cannot serialize/,
    );
  });

  test("after all of the above the vault still opens", async () => {
    assert.deepEqual(await openVault(key, file), utf8Encode("secret state"));
  });
});
