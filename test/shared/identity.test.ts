import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { concatBytes, toBase64Url, toHex } from "../../shared/bytes.ts";
import {
  computeFingerprint,
  type ExportedIdentity,
  formatFingerprint,
  generateIdentity,
  type Identity,
  importIdentity,
  importPublicIdentity,
  parseIdentity,
  serializeIdentity,
} from "../../shared/identity.ts";
import {
  b64,
  exportedFrom,
  flipBit,
  hex,
  rejectsWith,
  throwsWith,
  vectors,
} from "../data/keys/test-helpers.ts";

const fixed = exportedFrom(vectors.identity);
const other = exportedFrom(vectors.otherIdentity);
const wrong = vectors.wrongKeys;

describe("fingerprints (known answers from make-vectors.py)", () => {
  test("computeFingerprint is SHA-256(signSpki ‖ encSpki)", async () => {
    const fp = await computeFingerprint(fixed.signSpki, fixed.encSpki);
    assert.equal(toHex(fp), vectors.identity.fingerprintHex);
  });

  test("the order of the two keys matters", async () => {
    const swapped = await computeFingerprint(fixed.encSpki.subarray(0, 91), fixed.signSpki);
    assert.notEqual(toHex(swapped), vectors.identity.fingerprintHex);
  });

  test("formatFingerprint gives 16 upper-case groups of 4, from bytes or hex", () => {
    const formatted = vectors.identity.fingerprintFormatted;
    assert.equal(formatFingerprint(hex(vectors.identity.fingerprintHex)), formatted);
    assert.equal(formatFingerprint(vectors.identity.fingerprintHex), formatted);
    assert.equal(formatFingerprint(vectors.identity.fingerprintHex.toUpperCase()), formatted);
    assert.match(formatted, /^[0-9A-F]{4}( [0-9A-F]{4}){15}$/);
    assert.equal(
      formatFingerprint(new Uint8Array(32).fill(0xab)),
      Array(16).fill("ABAB").join(" "),
    );
  });

  test("formatFingerprint and computeFingerprint reject bad input", async () => {
    throwsWith(() => formatFingerprint(new Uint8Array(31)), "INVALID_ARGUMENT", /32 bytes/);
    throwsWith(() => formatFingerprint("ab".repeat(31)), "INVALID_ARGUMENT", /64 hex/);
    throwsWith(() => formatFingerprint("zz".repeat(32)), "INVALID_ARGUMENT", /64 hex/);
    throwsWith(() => formatFingerprint(42 as unknown as string), "INVALID_ARGUMENT");
    await rejectsWith(
      computeFingerprint("x" as unknown as Uint8Array, fixed.encSpki),
      "INVALID_ARGUMENT",
      /signSpki/,
    );
    await rejectsWith(
      computeFingerprint(fixed.signSpki, new Uint8Array(0)),
      "INVALID_ARGUMENT",
      /encSpki/,
    );
    await rejectsWith(
      computeFingerprint(new Uint8Array(5000), fixed.encSpki),
      "INVALID_ARGUMENT",
      /signSpki/,
    );
  });
});

describe("importing the fixed identity", () => {
  test("importIdentity gives the known fingerprint and non-extractable private keys", async () => {
    const identity = await importIdentity(fixed);
    assert.equal(identity.public.fingerprintHex, vectors.identity.fingerprintHex);
    assert.deepEqual(identity.public.signSpki, fixed.signSpki);
    assert.equal(identity.signPrivate.extractable, false);
    assert.equal(identity.encPrivate.extractable, false);
    assert.deepEqual(identity.signPrivate.usages, ["sign"]);
    assert.deepEqual(identity.encPrivate.usages, ["decrypt"]);
  });

  test("importPublicIdentity gives the same fingerprint", async () => {
    const imported = await importPublicIdentity(fixed.signSpki, fixed.encSpki);
    assert.equal(imported.public.fingerprintHex, vectors.identity.fingerprintHex);
    assert.equal(imported.signPublic.type, "public");
    assert.equal(imported.encPublic.type, "public");
  });

  test("a private key that belongs to another public key is refused (sign and encryption)", async () => {
    await rejectsWith(
      importIdentity({ ...fixed, signPkcs8: other.signPkcs8 }),
      "INVALID_KEY",
      /sign key.*does not match/,
    );
    await rejectsWith(
      importIdentity({ ...fixed, encPkcs8: other.encPkcs8 }),
      "INVALID_KEY",
      /encryption key.*does not match/,
    );
  });
});

describe("wrong keys get named INVALID_KEY messages", () => {
  const cases: [string, Partial<ExportedIdentity>, RegExp][] = [
    ["P-384 sign key", { signSpki: b64(wrong.p384Spki) }, /wrong curve \(P-384\)/],
    ["P-384 sign private key", { signPkcs8: b64(wrong.p384Pkcs8) }, /wrong curve \(P-384\)/],
    [
      "secp256k1 sign key",
      { signSpki: b64(wrong.secp256k1Spki) },
      /wrong curve \(1\.3\.132\.0\.10\)/,
    ],
    [
      "Ed25519 sign key",
      { signSpki: b64(wrong.ed25519Spki) },
      /must be an ECDSA P-256 key, got algorithm 1\.3\.101\.112/,
    ],
    [
      "RSA key as sign key",
      { signSpki: fixed.encSpki },
      /must be an ECDSA P-256 key, got an RSA key/,
    ],
    ["EC key as encryption key", { encSpki: fixed.signSpki }, /must be an RSA key, got an EC key/],
    [
      "RSA-2048 encryption key",
      { encSpki: b64(wrong.rsa2048Spki) },
      /wrong modulus size \(2048 bits\)/,
    ],
    [
      "RSA-2048 encryption private key",
      { encPkcs8: b64(wrong.rsa2048Pkcs8) },
      /wrong modulus size \(2048 bits\)/,
    ],
    ["exponent 3", { encSpki: b64(wrong.rsa3072E3Spki) }, /exponent 65537/],
    [
      "compressed point (same key, other bytes)",
      { signSpki: b64(wrong.p256CompressedSpki) },
      /not in canonical SPKI form/,
    ],
    ["garbage DER", { signSpki: new Uint8Array(91).fill(7) }, /not valid DER/],
    ["truncated SPKI", { encSpki: fixed.encSpki.subarray(0, 200) }, /not valid DER \(truncated\)/],
    [
      "trailing bytes",
      { signSpki: concatBytes(fixed.signSpki, new Uint8Array([0])) },
      /trailing bytes/,
    ],
    ["empty key", { encPkcs8: new Uint8Array(0) }, /is empty/],
    ["huge key", { encPkcs8: new Uint8Array(100_000) }, /too large/],
    ["corrupted point", { signSpki: flipBit(fixed.signSpki, 8 * 80) }, /could not be imported/],
  ];
  for (const [name, change, pattern] of cases) {
    test(name, async () => {
      await rejectsWith(importIdentity({ ...fixed, ...change }), "INVALID_KEY", pattern);
    });
  }

  test("importPublicIdentity checks both keys too", async () => {
    await rejectsWith(
      importPublicIdentity(b64(wrong.p384Spki), fixed.encSpki),
      "INVALID_KEY",
      /wrong curve/,
    );
    await rejectsWith(
      importPublicIdentity(fixed.signSpki, b64(wrong.rsa2048Spki)),
      "INVALID_KEY",
      /modulus/,
    );
    await rejectsWith(importPublicIdentity(fixed.signSpki, fixed.signSpki), "INVALID_KEY", /RSA/);
  });

  test("wrong types are INVALID_ARGUMENT", async () => {
    await rejectsWith(importIdentity(null as unknown as ExportedIdentity), "INVALID_ARGUMENT");
    await rejectsWith(
      importIdentity({ ...fixed, signSpki: "abc" as unknown as Uint8Array }),
      "INVALID_ARGUMENT",
      /signSpki/,
    );
    await rejectsWith(
      importPublicIdentity([1, 2] as unknown as Uint8Array, fixed.encSpki),
      "INVALID_ARGUMENT",
    );
  });
});

describe("generated identities", () => {
  let generated: { identity: Identity; exported: ExportedIdentity };
  before(async () => {
    generated = await generateIdentity();
  });

  test("private keys are non-extractable; the export has the usual sizes", () => {
    const { identity, exported } = generated;
    assert.equal(identity.signPrivate.extractable, false);
    assert.equal(identity.encPrivate.extractable, false);
    assert.equal(exported.signSpki.length, 91);
    assert.equal(exported.encSpki.length, 422);
    assert.equal(identity.public.fingerprintHex, toHex(identity.public.fingerprint));
    assert.match(identity.public.fingerprintHex, /^[0-9a-f]{64}$/);
  });

  test("backup round trip: serialize → parse → import gives the same identity", async () => {
    const text = serializeIdentity(generated.exported);
    const parsed = parseIdentity(text);
    assert.deepEqual(parsed, generated.exported);
    assert.deepEqual(parseIdentity(JSON.parse(text)), generated.exported);
    const again = await importIdentity(parsed);
    assert.equal(again.public.fingerprintHex, generated.identity.public.fingerprintHex);
  });

  test("two identities differ", async () => {
    const fp = await computeFingerprint(fixed.signSpki, fixed.encSpki);
    assert.notEqual(generated.identity.public.fingerprintHex, toHex(fp));
  });
});

describe("identity backups reject bad input", () => {
  const good = JSON.parse(serializeIdentity(fixed)) as Record<string, unknown>;

  test("the backup format is fixed", () => {
    assert.deepEqual(Object.keys(good), [
      "v",
      "type",
      "signPkcs8",
      "encPkcs8",
      "signSpki",
      "encSpki",
    ]);
    assert.equal(good.v, 1);
    assert.equal(good.signSpki, toBase64Url(fixed.signSpki));
  });

  const cases: [string, unknown, RegExp][] = [
    ["not JSON", "{nope", /not JSON/],
    ["a number", 42, /identity backup is invalid/],
    ["null", null, /identity backup is invalid/],
    ["wrong version", { ...good, v: 2 }, /version/],
    ["wrong type", { ...good, type: "grypt-vault" }, /not a grypt identity backup/],
    ["extra field", { ...good, extra: 1 }, /identity backup is invalid/],
    ["missing field", { ...good, encSpki: undefined }, /encSpki/],
    ["invalid base64 character", { ...good, signSpki: "abc$" }, /signSpki/],
    ["padded base64", { ...good, signSpki: `${String(good.signSpki)}=` }, /signSpki/],
    ["non-canonical trailing bits", { ...good, signSpki: "AB" }, /signSpki is not valid base64url/],
    ["oversized field", { ...good, encPkcs8: "A".repeat(5000) }, /encPkcs8/],
    ["huge string", "x".repeat(10_000_000), /longer than/],
  ];
  for (const [name, input, pattern] of cases) {
    test(name, () => throwsWith(() => parseIdentity(input), "INVALID_KEY", pattern));
  }

  test("serializeIdentity checks its input", () => {
    throwsWith(
      () => serializeIdentity({ ...fixed, encPkcs8: "x" as unknown as Uint8Array }),
      "INVALID_ARGUMENT",
    );
    throwsWith(
      () => serializeIdentity(undefined as unknown as ExportedIdentity),
      "INVALID_ARGUMENT",
    );
  });
});
