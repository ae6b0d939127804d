/**
 * WebCrypto algorithm parameters of grypt's public-key cryptography (docs/design.md, "Cryptography"), and
 * checks that a CryptoKey handed to a crypto function is the kind that function needs.
 */
import { GryptError } from "./errors.ts";

/** ECDSA P-256 with SHA-256: member identities and the server key. */
export const ECDSA_IMPORT: EcKeyImportParams = { name: "ECDSA", namedCurve: "P-256" };
export const ECDSA_GENERATE: EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
export const ECDSA_SIGN: EcdsaParams = { name: "ECDSA", hash: "SHA-256" };
/** WebCrypto's ECDSA signature is r ‖ s (IEEE P1363), 32 bytes each for P-256. */
export const ECDSA_SIGNATURE_BYTES = 64;

/** RSA-OAEP-3072 with SHA-256 (and MGF1-SHA-256), public exponent 65537: key delivery. */
export const RSA_MODULUS_BITS = 3072;
export const RSA_CIPHERTEXT_BYTES = RSA_MODULUS_BITS / 8;
export const RSA_PUBLIC_EXPONENT = new Uint8Array([1, 0, 1]);
export const RSA_IMPORT: RsaHashedImportParams = { name: "RSA-OAEP", hash: "SHA-256" };
export const RSA_GENERATE: RsaHashedKeyGenParams = {
  name: "RSA-OAEP",
  hash: "SHA-256",
  modulusLength: RSA_MODULUS_BITS,
  publicExponent: RSA_PUBLIC_EXPONENT,
};
export const RSA_OAEP: RsaOaepParams = { name: "RSA-OAEP" };

/** Upper bounds on encoded key sizes (a P-256 SPKI is 91 bytes, an RSA-3072 SPKI 422). */
export const MAX_SIGN_SPKI_BYTES = 200;
export const MAX_SIGN_PKCS8_BYTES = 300;
export const MAX_ENC_SPKI_BYTES = 700;
export const MAX_ENC_PKCS8_BYTES = 2600;

export function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== "undefined" && value instanceof CryptoKey;
}

function keyAlgorithmName(key: CryptoKey): string {
  return key.algorithm.name;
}

/** INVALID_KEY unless `key` is an ECDSA P-256 key of `type` usable for `usage`. */
export function assertEcdsaKey(
  key: unknown,
  name: string,
  type: KeyType,
  usage: KeyUsage,
): asserts key is CryptoKey {
  if (!isCryptoKey(key)) throw new GryptError("INVALID_ARGUMENT", `${name} must be a CryptoKey`);
  const algorithm = key.algorithm as EcKeyAlgorithm;
  if (keyAlgorithmName(key) !== "ECDSA" || algorithm.namedCurve !== "P-256") {
    throw new GryptError("INVALID_KEY", `${name} must be an ECDSA P-256 key`);
  }
  if (key.type !== type)
    throw new GryptError("INVALID_KEY", `${name} must be a ${type} key, got a ${key.type} key`);
  if (!key.usages.includes(usage))
    throw new GryptError("INVALID_KEY", `${name} is not allowed to ${usage}`);
}

/** INVALID_KEY unless `key` is an RSA-OAEP-3072/SHA-256 key of `type` usable for `usage`. */
export function assertRsaOaepKey(
  key: unknown,
  name: string,
  type: KeyType,
  usage: KeyUsage,
): asserts key is CryptoKey {
  if (!isCryptoKey(key)) throw new GryptError("INVALID_ARGUMENT", `${name} must be a CryptoKey`);
  if (keyAlgorithmName(key) !== "RSA-OAEP")
    throw new GryptError("INVALID_KEY", `${name} must be an RSA-OAEP key`);
  const algorithm = key.algorithm as RsaHashedKeyAlgorithm;
  if (algorithm.hash.name !== "SHA-256")
    throw new GryptError("INVALID_KEY", `${name} must use SHA-256`);
  if (algorithm.modulusLength !== RSA_MODULUS_BITS) {
    throw new GryptError(
      "INVALID_KEY",
      `${name} must have a ${RSA_MODULUS_BITS}-bit modulus, got ${algorithm.modulusLength}`,
    );
  }
  if (key.type !== type)
    throw new GryptError("INVALID_KEY", `${name} must be a ${type} key, got a ${key.type} key`);
  if (!key.usages.includes(usage))
    throw new GryptError("INVALID_KEY", `${name} is not allowed to ${usage}`);
}
