/**
 * The vault file (docs/design.md, "Cryptography": data at rest): JSON
 *   {v: 1, kdf: "pbkdf2-sha256", iterations, salt, check, token}
 * salt: 16 bytes and check: 16 bytes, unpadded base64url; token: a Fernet token in its padded
 * base64url text form. Anything that does not parse is VAULT_CORRUPT, before any key derivation.
 */
import * as v from "valibot";
import { fromBase64Url } from "./bytes.ts";
import { GryptError } from "./errors.ts";
import { decodeFernetToken } from "./fernet.ts";
import { b64Exact } from "./protocol/fields.ts";

export const VAULT_VERSION = 1;
export const VAULT_KDF = "pbkdf2-sha256";
export const VAULT_SALT_BYTES = 16;
export const VAULT_CHECK_BYTES = 16;
/** Iteration counts a vault file may name unless the caller lowers the floor explicitly. */
export const VAULT_MIN_ITERATIONS = 100_000;
export const VAULT_MAX_ITERATIONS = 10_000_000;
/** Longest token text accepted (about 48 MiB of plaintext). */
export const VAULT_MAX_TOKEN_CHARS = 64 * 1024 * 1024;
const MAX_FILE_CHARS = VAULT_MAX_TOKEN_CHARS + 1024;

export interface VaultFile {
  v: 1;
  kdf: "pbkdf2-sha256";
  iterations: number;
  /** base64url, 16 bytes. */
  salt: string;
  /** base64url, first 16 bytes of HMAC-SHA256(derived key, "grypt/v1/vault-check"). */
  check: string;
  /** Fernet token text. */
  token: string;
}

export interface VaultParseOptions {
  /** Lowest iteration count accepted; below VAULT_MIN_ITERATIONS only when asked (tests). */
  minIterations?: number;
}

/** The iteration floor for `opts`: INVALID_ARGUMENT unless it is an integer in 1..VAULT_MIN_ITERATIONS. */
export function iterationFloor(opts: VaultParseOptions | undefined): number {
  const floor = opts?.minIterations ?? VAULT_MIN_ITERATIONS;
  if (!Number.isSafeInteger(floor) || floor < 1 || floor > VAULT_MIN_ITERATIONS) {
    throw new GryptError(
      "INVALID_ARGUMENT",
      `minIterations must be an integer in 1..${VAULT_MIN_ITERATIONS}`,
    );
  }
  return floor;
}

function fileSchema(minIterations: number) {
  return v.strictObject({
    v: v.literal(VAULT_VERSION, "unsupported vault version"),
    kdf: v.literal(VAULT_KDF, "unsupported key derivation"),
    iterations: v.pipe(
      v.number("iterations must be a number"),
      v.integer("iterations must be an integer"),
      v.minValue(minIterations, `iterations must be at least ${minIterations}`),
      v.maxValue(VAULT_MAX_ITERATIONS, `iterations must be at most ${VAULT_MAX_ITERATIONS}`),
    ),
    salt: b64Exact(VAULT_SALT_BYTES),
    check: b64Exact(VAULT_CHECK_BYTES),
    token: v.pipe(v.string(), v.maxLength(VAULT_MAX_TOKEN_CHARS, "token is too long")),
  });
}

function corrupt(detail: string): GryptError {
  return new GryptError("VAULT_CORRUPT", `vault file is corrupt: ${detail}`);
}

/** Parse a vault file (JSON text or the parsed object). Throws VAULT_CORRUPT with the reason. */
export function parseVaultFile(data: unknown, opts?: VaultParseOptions): VaultFile {
  const floor = iterationFloor(opts);
  let value = data;
  if (typeof data === "string") {
    if (data.length > MAX_FILE_CHARS) throw corrupt("too long");
    try {
      value = JSON.parse(data);
    } catch {
      throw corrupt("not JSON");
    }
  }
  const result = v.safeParse(fileSchema(floor), value);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join(".") ?? "";
    throw corrupt(`${path ? `${path}: ` : ""}${issue.message}`.slice(0, 200));
  }
  const file = result.output;
  // b64Exact checks the alphabet and length; decoding also rejects non-canonical trailing bits.
  for (const field of ["salt", "check"] as const) {
    try {
      fromBase64Url(file[field]);
    } catch {
      throw corrupt(`${field} is not valid base64url`);
    }
  }
  try {
    decodeFernetToken(file.token);
  } catch (error) {
    throw corrupt(error instanceof GryptError ? error.message : "token is not a Fernet token");
  }
  return { ...file, v: VAULT_VERSION, kdf: VAULT_KDF };
}

/** JSON text of a vault file; INVALID_ARGUMENT if `file` is not one (nothing broken is ever written). */
export function serializeVault(file: VaultFile): string {
  try {
    return JSON.stringify(parseVaultFile(file, { minIterations: 1 }));
  } catch (error) {
    const detail = error instanceof GryptError ? error.message : "not a vault file";
    throw new GryptError("INVALID_ARGUMENT", `cannot serialize: ${detail}`);
  }
}
