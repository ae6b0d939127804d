/**
 * Password vaults (docs/design.md, "Cryptography": data at rest), used for the extension's key store and the
 * server's group file: PBKDF2-HMAC-SHA256 (600,000 iterations, 16-byte random salt) gives a
 * 32-byte Fernet key; the file carries a 16-byte check value so that
 *   check wrong, token MAC wrong → VAULT_WRONG_PASSWORD
 *   check right, token MAC wrong → VAULT_CORRUPT (contents damaged or altered)
 *   check wrong, token MAC right → VAULT_CORRUPT (check value damaged)
 * and nothing unauthenticated is ever returned. A VaultKey caches the derived key (never the
 * password) so an unlocked vault can be re-sealed or re-opened without the password.
 */
import {
  assertBytes,
  constantTimeEqual,
  fromBase64Url,
  randomBytes,
  toBase64Url,
} from "./bytes.ts";
import { check, GryptError } from "./errors.ts";
import { encodeFernetToken, fernetDecrypt, fernetEncrypt, importFernetKey } from "./fernet.ts";
import {
  parseVaultFile,
  VAULT_KDF,
  VAULT_MAX_ITERATIONS,
  VAULT_MIN_ITERATIONS,
  VAULT_SALT_BYTES,
  VAULT_VERSION,
  type VaultFile,
  type VaultParseOptions,
} from "./vault-file.ts";
import { deriveVaultKey, VAULT_KEY_BYTES, vaultCheckValue } from "./vault-kdf.ts";

export {
  parseVaultFile,
  serializeVault,
  VAULT_MAX_ITERATIONS,
  VAULT_MIN_ITERATIONS,
  type VaultFile,
  type VaultParseOptions,
} from "./vault-file.ts";

export const VAULT_ITERATIONS = 600_000;

export interface VaultKey {
  /** base64url, 16 bytes: the salt of the file this key opens. */
  salt: string;
  iterations: number;
  /** The 32-byte derived Fernet key: cacheable while unlocked; never the password. */
  key: Uint8Array;
}

export interface CreateVaultOptions {
  /**
   * PBKDF2 iterations; VAULT_ITERATIONS by default. Tests may ask for fewer, but a file below
   * VAULT_MIN_ITERATIONS then unlocks only with an explicit `minIterations` option.
   */
  iterations?: number;
}

function assertVaultKey(key: unknown): asserts key is VaultKey {
  check(typeof key === "object" && key !== null, "vault key must be an object");
  const k = key as Partial<VaultKey>;
  assertBytes(k.key, "vault key bytes", VAULT_KEY_BYTES);
  check(
    Number.isSafeInteger(k.iterations) &&
      (k.iterations as number) >= 1 &&
      (k.iterations as number) <= VAULT_MAX_ITERATIONS,
    "vault key iterations out of range",
  );
  let salt: Uint8Array | undefined;
  try {
    salt = typeof k.salt === "string" ? fromBase64Url(k.salt) : undefined;
  } catch {
    salt = undefined;
  }
  check(
    salt?.length === VAULT_SALT_BYTES,
    `vault key salt must be ${VAULT_SALT_BYTES} bytes of base64url`,
  );
}

/** Decide between success, wrong password and corruption (see the file comment). */
async function openWithKey(key: Uint8Array, file: VaultFile): Promise<Uint8Array> {
  const checkOk = constantTimeEqual(await vaultCheckValue(key), fromBase64Url(file.check));
  const fernetKey = await importFernetKey(key);
  let plaintext: Uint8Array | undefined;
  try {
    plaintext = await fernetDecrypt(fernetKey, fromBase64Url(file.token));
  } catch {
    plaintext = undefined;
  }
  if (checkOk && plaintext) return plaintext;
  if (!checkOk && !plaintext)
    throw new GryptError("VAULT_WRONG_PASSWORD", "wrong password for this vault");
  plaintext?.fill(0);
  throw new GryptError(
    "VAULT_CORRUPT",
    checkOk ? "vault contents are damaged or were altered" : "vault check value is damaged",
  );
}

/** Encrypt `plaintext` under a cached key: same salt and iterations, fresh Fernet IV. */
export async function sealVault(key: VaultKey, plaintext: Uint8Array): Promise<VaultFile> {
  assertVaultKey(key);
  assertBytes(plaintext, "plaintext");
  const token = await fernetEncrypt(await importFernetKey(key.key), plaintext);
  return {
    v: VAULT_VERSION,
    kdf: VAULT_KDF,
    iterations: key.iterations,
    salt: key.salt,
    check: toBase64Url(await vaultCheckValue(key.key)),
    token: encodeFernetToken(token),
  };
}

/** A new vault holding `plaintext`, and its key for caching while unlocked. */
export async function createVault(
  password: string,
  plaintext: Uint8Array,
  opts: CreateVaultOptions = {},
): Promise<{ file: VaultFile; key: VaultKey }> {
  check(typeof opts === "object" && opts !== null, "options must be an object");
  const iterations = opts.iterations ?? VAULT_ITERATIONS;
  check(
    Number.isSafeInteger(iterations) && iterations >= 1 && iterations <= VAULT_MAX_ITERATIONS,
    `iterations must be an integer in 1..${VAULT_MAX_ITERATIONS}`,
  );
  assertBytes(plaintext, "plaintext");
  const saltBytes = randomBytes(VAULT_SALT_BYTES);
  const key: VaultKey = {
    salt: toBase64Url(saltBytes),
    iterations,
    key: await deriveVaultKey(password, saltBytes, iterations),
  };
  return { file: await sealVault(key, plaintext), key };
}

/** Open a vault file with its password: VAULT_WRONG_PASSWORD or VAULT_CORRUPT, never garbage. */
export async function unlockVault(
  password: string,
  file: unknown,
  opts: VaultParseOptions = {},
): Promise<{ plaintext: Uint8Array; key: VaultKey }> {
  const parsed = parseVaultFile(file, opts);
  const key = await deriveVaultKey(password, fromBase64Url(parsed.salt), parsed.iterations);
  const plaintext = await openWithKey(key, parsed);
  return { plaintext, key: { salt: parsed.salt, iterations: parsed.iterations, key } };
}

/**
 * Open a vault file with a cached key. A file sealed under another salt or iteration count
 * (a changed password) is VAULT_WRONG_PASSWORD: unlock it with its password instead.
 */
export async function openVault(key: VaultKey, file: unknown): Promise<Uint8Array> {
  assertVaultKey(key);
  const parsed = parseVaultFile(file, {
    minIterations: Math.min(key.iterations, VAULT_MIN_ITERATIONS),
  });
  if (parsed.salt !== key.salt || parsed.iterations !== key.iterations) {
    throw new GryptError("VAULT_WRONG_PASSWORD", "vault was sealed under a different password");
  }
  return openWithKey(key.key, parsed);
}
