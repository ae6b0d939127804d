/**
 * The one DER encoding (SPKI) each kind of grypt public key has, so that one key has one
 * fingerprint. With the parameters fixed, DER leaves no choice but the key's own bytes:
 *
 *   P-256, uncompressed point (91 bytes):
 *     30 59 30 13 06 07 <ecPublicKey> 06 08 <prime256v1> 03 42 00 04 X(32) Y(32)
 *   RSA, 3072-bit modulus, exponent 65537 (422 bytes):
 *     30 82 01 a2 30 0d 06 09 <rsaEncryption> 05 00 03 82 01 8f 00
 *       30 82 01 8a 02 82 01 81 00 N(384, top bit set) 02 03 01 00 01
 *
 * Checked before or after the key imports (key-import.ts), this is what re-exporting it and
 * comparing would say, without the cost of an export (tests cross-check the two). A canonical
 * key's parts sit at fixed places, so key-import.ts imports them directly (raw point, JWK
 * modulus): OpenSSL 3's SPKI decoders cost far more time than the import itself.
 */
import { fromHex } from "./bytes.ts";

const P256_HEAD = fromHex("3059301306072a8648ce3d020106082a8648ce3d03010703420004");
const P256_BYTES = 91;
const RSA3072_HEAD = fromHex("308201a2300d06092a864886f70d01010105000382018f003082018a0282018100");
const RSA3072_TAIL = fromHex("0203010001");
const RSA3072_BYTES = 422;

function startsWith(bytes: Uint8Array, head: Uint8Array, at = 0): boolean {
  for (let i = 0; i < head.length; i++) if (bytes[at + i] !== head[i]) return false;
  return true;
}

/** Whether `spki` is the canonical encoding of a P-256 public key (uncompressed point). */
export function isCanonicalP256Spki(spki: Uint8Array): boolean {
  return spki.length === P256_BYTES && startsWith(spki, P256_HEAD);
}

/** Whether `spki` is the canonical encoding of an RSA-3072 public key with exponent 65537. */
export function isCanonicalRsa3072Spki(spki: Uint8Array): boolean {
  const modulusTop = spki[RSA3072_HEAD.length] ?? 0;
  return (
    spki.length === RSA3072_BYTES &&
    startsWith(spki, RSA3072_HEAD) &&
    modulusTop >= 0x80 &&
    startsWith(spki, RSA3072_TAIL, RSA3072_BYTES - RSA3072_TAIL.length)
  );
}

/** The uncompressed point (0x04, X, Y: the "raw" import format) of a canonical P-256 SPKI. */
export function p256PointOf(spki: Uint8Array): Uint8Array {
  if (!isCanonicalP256Spki(spki)) throw new TypeError("p256PointOf: not a canonical P-256 SPKI");
  return spki.subarray(P256_HEAD.length - 1);
}

/** The modulus (384 bytes, big-endian) of a canonical RSA-3072 SPKI; its exponent is 65537. */
export function rsa3072ModulusOf(spki: Uint8Array): Uint8Array {
  if (!isCanonicalRsa3072Spki(spki))
    throw new TypeError("rsa3072ModulusOf: not a canonical RSA-3072 SPKI");
  return spki.subarray(RSA3072_HEAD.length, RSA3072_BYTES - RSA3072_TAIL.length);
}
