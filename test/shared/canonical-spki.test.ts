/**
 * The canonical-SPKI check against a second implementation: WebCrypto itself. An encoding is
 * canonical exactly when the key imports and exports back to the same bytes; the template check
 * must agree on fresh keys, the vectors and every re-encoding of the same key tried here.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  asBufferSource,
  concatBytes,
  constantTimeEqual,
  fromBase64Url,
  fromHex,
} from "../../shared/bytes.ts";
import {
  isCanonicalP256Spki,
  isCanonicalRsa3072Spki,
  p256PointOf,
  rsa3072ModulusOf,
} from "../../shared/canonical-spki.ts";
import { generateIdentity } from "../../shared/identity.ts";
import { importEncPublicKey, importSignPublicKey } from "../../shared/key-import.ts";
import { ECDSA_IMPORT, RSA_IMPORT } from "../../shared/webcrypto-params.ts";
import { exportedFrom, vectors } from "../data/keys/test-helpers.ts";

/** DER: tag, minimal length (or the long form when `long`), content. */
function der(tag: number, content: Uint8Array, long = false): Uint8Array {
  const n = content.length;
  const length = n < 0x80 && !long ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return concatBytes(new Uint8Array([tag, ...length]), content);
}
const seq = (...parts: Uint8Array[]) => der(0x30, concatBytes(...parts));

/** What WebCrypto says: the bytes import and export back unchanged. */
async function roundTrips(
  spki: Uint8Array,
  params: EcKeyImportParams | RsaHashedImportParams,
  usage: KeyUsage,
): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey("spki", asBufferSource(spki), params, true, [usage]);
    return constantTimeEqual(new Uint8Array(await crypto.subtle.exportKey("spki", key)), spki);
  } catch {
    return false;
  }
}
const ecAgrees = async (spki: Uint8Array) =>
  assert.equal(isCanonicalP256Spki(spki), await roundTrips(spki, ECDSA_IMPORT, "verify"));
const rsaAgrees = async (spki: Uint8Array) =>
  assert.equal(isCanonicalRsa3072Spki(spki), await roundTrips(spki, RSA_IMPORT, "encrypt"));

const fixed = exportedFrom(vectors.identity);
const EC_ALGORITHM = fromHex("301306072a8648ce3d020106082a8648ce3d030107");
const RSA_OID = fromHex("06092a864886f70d010101");
const E65537 = fromHex("0203010001");

test("fresh keys and the vectors are canonical, and WebCrypto agrees", async () => {
  const fresh = await Promise.all(Array.from({ length: 6 }, () => generateIdentity()));
  const keys = [fixed, exportedFrom(vectors.otherIdentity), ...fresh.map((f) => f.exported)];
  for (const key of keys) {
    assert.ok(isCanonicalP256Spki(key.signSpki));
    assert.ok(isCanonicalRsa3072Spki(key.encSpki));
    await ecAgrees(key.signSpki);
    await rsaAgrees(key.encSpki);
  }
  assert.equal(isCanonicalP256Spki(fixed.encSpki), false, "an RSA key is not a P-256 key");
  assert.equal(isCanonicalRsa3072Spki(fixed.signSpki), false);
});

test("other encodings of the same P-256 key are refused, as WebCrypto's round trip refuses them", async () => {
  const point = fixed.signSpki.subarray(26); // 04 ‖ X ‖ Y
  const x = point.subarray(1, 33);
  const yOdd = (point[64]! & 1) === 1;
  const variants = [
    seq(EC_ALGORITHM, der(0x03, concatBytes(new Uint8Array([0]), point))), // the canonical one, rebuilt
    fromBase64Url(vectors.wrongKeys.p256CompressedSpki), // same key, compressed point
    seq(EC_ALGORITHM, der(0x03, concatBytes(new Uint8Array([0, yOdd ? 3 : 2]), x))),
    der(0x30, concatBytes(EC_ALGORITHM, der(0x03, concatBytes(new Uint8Array([0]), point))), true), // long-form length
    seq(EC_ALGORITHM, der(0x03, concatBytes(new Uint8Array([0]), point), true)),
    concatBytes(fixed.signSpki, new Uint8Array([0])), // trailing byte
  ];
  assert.ok(isCanonicalP256Spki(variants[0]!));
  for (const variant of variants) await ecAgrees(variant);
  for (let i = 0; i < 27; i++) {
    const changed = fixed.signSpki.slice();
    changed[i] = changed[i]! ^ 0x01;
    assert.equal(isCanonicalP256Spki(changed), false, `byte ${i}`);
  }
});

test("other encodings of the same RSA key are refused, as WebCrypto's round trip refuses them", async () => {
  const modulus = fixed.encSpki.subarray(33, 33 + 384);
  const rsaKey = (n: Uint8Array, e = E65537) => seq(der(0x02, n), e);
  const spki = (algorithm: Uint8Array, key: Uint8Array) =>
    seq(algorithm, der(0x03, concatBytes(new Uint8Array([0]), key)));
  const withNull = seq(RSA_OID, fromHex("0500"));
  const variants = [
    spki(withNull, rsaKey(concatBytes(new Uint8Array([0]), modulus))), // the canonical one, rebuilt
    spki(seq(RSA_OID), rsaKey(concatBytes(new Uint8Array([0]), modulus))), // parameters absent
    spki(withNull, rsaKey(concatBytes(new Uint8Array([0, 0]), modulus))), // modulus not minimal
    spki(withNull, rsaKey(concatBytes(new Uint8Array([0]), modulus), fromHex("020400010001"))), // exponent not minimal
    concatBytes(fromHex("30830001a2"), fixed.encSpki.subarray(4)), // outer length in 3 bytes, not 2
    concatBytes(fixed.encSpki, new Uint8Array([0])),
  ];
  assert.ok(isCanonicalRsa3072Spki(variants[0]!));
  for (const variant of variants) await rsaAgrees(variant);
  const lowTop = fixed.encSpki.slice();
  lowTop[33] = 0x7f; // a modulus below 3072 bits, padded as if it were not
  assert.equal(isCanonicalRsa3072Spki(lowTop), false);
  for (const i of [0, 1, 4, 10, 20, 28, 32, 417, 421]) {
    const changed = fixed.encSpki.slice();
    changed[i] = changed[i]! ^ 0x01;
    assert.equal(isCanonicalRsa3072Spki(changed), false, `byte ${i}`);
  }
});

test("a canonical key's parts import (raw point, JWK modulus) to the key its SPKI imports to", async () => {
  const fresh = await generateIdentity();
  for (const key of [fixed, fresh.exported]) {
    assert.deepEqual(p256PointOf(key.signSpki), key.signSpki.subarray(26));
    assert.deepEqual(rsa3072ModulusOf(key.encSpki), key.encSpki.subarray(33, 33 + 384));
    // importSignPublicKey / importEncPublicKey take these parts for canonical keys.
    const sign = await importSignPublicKey(key.signSpki);
    const enc = await importEncPublicKey(key.encSpki);
    assert.deepEqual(new Uint8Array(await crypto.subtle.exportKey("spki", sign)), key.signSpki);
    assert.deepEqual(new Uint8Array(await crypto.subtle.exportKey("spki", enc)), key.encSpki);
  }
  // The key works as the owner's: its signature verifies, its wrap opens.
  const data = new TextEncoder().encode("probe");
  const signature = await crypto.subtle.sign(
    { name: "ECDSA", hash: "SHA-256" },
    fresh.identity.signPrivate,
    data,
  );
  const sign = await importSignPublicKey(fresh.exported.signSpki);
  assert.ok(await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, sign, signature, data));
  const enc = await importEncPublicKey(fresh.exported.encSpki);
  const wrapped = await crypto.subtle.encrypt({ name: "RSA-OAEP" }, enc, data);
  assert.deepEqual(
    new Uint8Array(
      await crypto.subtle.decrypt({ name: "RSA-OAEP" }, fresh.identity.encPrivate, wrapped),
    ),
    data,
  );
  assert.throws(() => p256PointOf(fixed.encSpki), /not a canonical P-256 SPKI/);
  assert.throws(() => rsa3072ModulusOf(fixed.signSpki), /not a canonical RSA-3072 SPKI/);
});

test("a canonical P-256 header around a point off the curve is refused", async () => {
  const off = fixed.signSpki.slice();
  off[90] = off[90]! ^ 0x01; // Y changed: (X, Y') is not on P-256
  assert.ok(isCanonicalP256Spki(off));
  await assert.rejects(importSignPublicKey(off), /could not be imported/);
});
