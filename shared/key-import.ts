/**
 * Import member and server keys from SPKI / PKCS#8 with strict checks and named INVALID_KEY
 * messages: right algorithm, right curve or modulus size, canonical encoding (so one key has
 * one fingerprint: canonical-spki.ts), and for key pairs a probe that the private key matches
 * the public key.
 * Private keys come back non-extractable; public keys stay extractable (they are public).
 */
import {
  asBufferSource,
  assertBytes,
  constantTimeEqual,
  randomBytes,
  toBase64Url,
} from "./bytes.ts";
import {
  isCanonicalP256Spki,
  isCanonicalRsa3072Spki,
  p256PointOf,
  rsa3072ModulusOf,
} from "./canonical-spki.ts";
import { GryptError } from "./errors.ts";
import { describeKeyDer, type KeyFormat } from "./key-der.ts";
import {
  ECDSA_IMPORT,
  ECDSA_SIGN,
  MAX_ENC_PKCS8_BYTES,
  MAX_ENC_SPKI_BYTES,
  MAX_SIGN_PKCS8_BYTES,
  MAX_SIGN_SPKI_BYTES,
  RSA_IMPORT,
  RSA_MODULUS_BITS,
  RSA_OAEP,
  RSA_PUBLIC_EXPONENT,
} from "./webcrypto-params.ts";

const subtle = globalThis.crypto.subtle;

/** Any key this module handles is below this; larger input is refused before it is parsed. */
const MAX_ANY_KEY_BYTES = 8192;

function checkSize(der: unknown, name: string, max = MAX_ANY_KEY_BYTES): asserts der is Uint8Array {
  assertBytes(der, name);
  if (der.length === 0) throw new GryptError("INVALID_KEY", `${name} is empty`);
  if (der.length > max)
    throw new GryptError(
      "INVALID_KEY",
      `${name} is too large (${der.length} bytes, at most ${max})`,
    );
}

function checkEcDer(der: Uint8Array, name: string, format: KeyFormat): void {
  const info = describeKeyDer(der, format);
  if (info.kind === "rsa")
    throw new GryptError("INVALID_KEY", `${name} must be an ECDSA P-256 key, got an RSA key`);
  if (info.kind === "other") {
    throw new GryptError(
      "INVALID_KEY",
      `${name} must be an ECDSA P-256 key, got algorithm ${info.oid}`,
    );
  }
  if (info.curve !== "P-256") {
    const curve = info.curve === "other" ? info.curveOid : info.curve;
    throw new GryptError(
      "INVALID_KEY",
      `${name} is on the wrong curve (${curve}); it must be P-256`,
    );
  }
}

function checkRsaDer(der: Uint8Array, name: string, format: KeyFormat): void {
  const info = describeKeyDer(der, format);
  if (info.kind === "ec")
    throw new GryptError("INVALID_KEY", `${name} must be an RSA key, got an EC key`);
  if (info.kind === "other")
    throw new GryptError("INVALID_KEY", `${name} must be an RSA key, got algorithm ${info.oid}`);
}

function checkRsaParams(key: CryptoKey, name: string): void {
  const algorithm = key.algorithm as RsaHashedKeyAlgorithm;
  if (algorithm.modulusLength !== RSA_MODULUS_BITS) {
    throw new GryptError(
      "INVALID_KEY",
      `${name} has the wrong modulus size (${algorithm.modulusLength} bits); it must be ${RSA_MODULUS_BITS}`,
    );
  }
  if (!constantTimeEqual(algorithm.publicExponent, RSA_PUBLIC_EXPONENT)) {
    throw new GryptError("INVALID_KEY", `${name} must have public exponent 65537`);
  }
}

type KeyData =
  | { format: KeyFormat | "raw"; bytes: Uint8Array }
  | { format: "jwk"; jwk: JsonWebKey };

async function importOrThrow(
  data: KeyData,
  params: EcKeyImportParams | RsaHashedImportParams,
  extractable: boolean,
  usages: KeyUsage[],
  name: string,
): Promise<CryptoKey> {
  try {
    if (data.format === "jwk")
      return await subtle.importKey("jwk", data.jwk, params, extractable, usages);
    return await subtle.importKey(
      data.format,
      asBufferSource(data.bytes),
      params,
      extractable,
      usages,
    );
  } catch {
    throw new GryptError("INVALID_KEY", `${name} could not be imported (malformed key data)`);
  }
}

/** After the import and its parameter checks: the bytes must be the key's one DER encoding. */
function checkCanonical(canonical: boolean, name: string): void {
  if (!canonical) throw new GryptError("INVALID_KEY", `${name} is not in canonical SPKI form`);
}

/**
 * ECDSA P-256 public key (verify) from SPKI. A canonical SPKI imports as its raw point (the same
 * key, and the point is checked to be on the curve), at about half the cost of an SPKI import.
 */
export async function importSignPublicKey(spki: Uint8Array, name = "sign key"): Promise<CryptoKey> {
  checkSize(spki, name);
  checkEcDer(spki, name, "spki");
  checkSize(spki, name, MAX_SIGN_SPKI_BYTES);
  if (isCanonicalP256Spki(spki)) {
    return importOrThrow(
      { format: "raw", bytes: p256PointOf(spki) },
      ECDSA_IMPORT,
      true,
      ["verify"],
      name,
    );
  }
  const key = await importOrThrow(
    { format: "spki", bytes: spki },
    ECDSA_IMPORT,
    true,
    ["verify"],
    name,
  );
  checkCanonical(isCanonicalP256Spki(spki), name);
  return key;
}

/** ECDSA P-256 private key (sign, non-extractable) from PKCS#8. */
export async function importSignPrivateKey(
  pkcs8: Uint8Array,
  name = "sign private key",
): Promise<CryptoKey> {
  checkSize(pkcs8, name);
  checkEcDer(pkcs8, name, "pkcs8");
  checkSize(pkcs8, name, MAX_SIGN_PKCS8_BYTES);
  return importOrThrow({ format: "pkcs8", bytes: pkcs8 }, ECDSA_IMPORT, false, ["sign"], name);
}

/**
 * RSA-OAEP-3072/SHA-256 public key (encrypt) from SPKI. A canonical SPKI imports as a JWK of its
 * modulus and exponent (the same key), at about a third of the cost of an SPKI import.
 */
export async function importEncPublicKey(
  spki: Uint8Array,
  name = "encryption key",
): Promise<CryptoKey> {
  checkSize(spki, name);
  checkRsaDer(spki, name, "spki");
  checkSize(spki, name, MAX_ENC_SPKI_BYTES);
  const canonical = isCanonicalRsa3072Spki(spki);
  const data: KeyData = canonical
    ? { format: "jwk", jwk: rsaJwk(spki) }
    : { format: "spki", bytes: spki };
  const key = await importOrThrow(data, RSA_IMPORT, true, ["encrypt"], name);
  checkRsaParams(key, name);
  checkCanonical(canonical, name);
  return key;
}

function rsaJwk(spki: Uint8Array): JsonWebKey {
  return { kty: "RSA", n: toBase64Url(rsa3072ModulusOf(spki)), e: "AQAB", ext: true };
}

/** RSA-OAEP-3072/SHA-256 private key (decrypt, non-extractable) from PKCS#8. */
export async function importEncPrivateKey(
  pkcs8: Uint8Array,
  name = "encryption private key",
): Promise<CryptoKey> {
  checkSize(pkcs8, name);
  checkRsaDer(pkcs8, name, "pkcs8");
  checkSize(pkcs8, name, MAX_ENC_PKCS8_BYTES);
  const key = await importOrThrow(
    { format: "pkcs8", bytes: pkcs8 },
    RSA_IMPORT,
    false,
    ["decrypt"],
    name,
  );
  checkRsaParams(key, name);
  return key;
}

/** INVALID_KEY unless a signature by `signPrivate` verifies under `signPublic`. */
export async function checkSignPair(
  signPrivate: CryptoKey,
  signPublic: CryptoKey,
  name: string,
): Promise<void> {
  const probe = randomBytes(32);
  const signature = await subtle.sign(ECDSA_SIGN, signPrivate, asBufferSource(probe));
  if (!(await subtle.verify(ECDSA_SIGN, signPublic, signature, asBufferSource(probe)))) {
    throw new GryptError("INVALID_KEY", `${name}: private key does not match its public key`);
  }
}

/** INVALID_KEY unless `encPrivate` decrypts what `encPublic` encrypts. */
export async function checkEncPair(
  encPrivate: CryptoKey,
  encPublic: CryptoKey,
  name: string,
): Promise<void> {
  const probe = randomBytes(32);
  const wrapped = await subtle.encrypt(RSA_OAEP, encPublic, asBufferSource(probe));
  let opened: Uint8Array;
  try {
    opened = new Uint8Array(await subtle.decrypt(RSA_OAEP, encPrivate, wrapped));
  } catch {
    opened = new Uint8Array(0);
  }
  if (!constantTimeEqual(opened, probe)) {
    throw new GryptError("INVALID_KEY", `${name}: private key does not match its public key`);
  }
}
