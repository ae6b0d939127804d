import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { dearmor } from "../../shared/base62-armor.ts";
import { toHex } from "../../shared/bytes.ts";
import {
  GROUP_ID_HASH_BYTES,
  generateServerIdentity,
  groupIdFromSpki,
  importServerIdentity,
  importServerPublicKey,
  type ServerIdentity,
} from "../../shared/server-identity.ts";
import { signStatement, verifyStatement } from "../../shared/signed-statements.ts";
import { b64, flipBit, rejectsWith, vectors } from "../data/keys/test-helpers.ts";

const spki = b64(vectors.server.spki);
const pkcs8 = b64(vectors.server.pkcs8);

describe("server identity known answers (make-vectors.py)", () => {
  test("groupIdFromSpki is the base62 armor of SHA-256(spki)[0..12], 17 characters", async () => {
    const groupId = await groupIdFromSpki(spki);
    assert.equal(groupId, vectors.server.groupId);
    assert.match(groupId, /^[0-9A-Za-z]{17}$/);
    assert.equal(
      toHex(dearmor(groupId)),
      vectors.server.fingerprintHex.slice(0, 2 * GROUP_ID_HASH_BYTES),
    );
  });

  test("importServerIdentity gives the known fingerprint and group id", async () => {
    const identity = await importServerIdentity(pkcs8, spki);
    assert.equal(identity.fingerprintHex, vectors.server.fingerprintHex);
    assert.equal(toHex(identity.fingerprint), vectors.server.fingerprintHex);
    assert.equal(identity.groupId, vectors.server.groupId);
    assert.equal(identity.signPrivate.extractable, false);
  });

  test("importServerPublicKey gives the same fingerprint and group id", async () => {
    const imported = await importServerPublicKey(spki);
    assert.equal(imported.fingerprintHex, vectors.server.fingerprintHex);
    assert.equal(imported.groupId, vectors.server.groupId);
    assert.equal(imported.key.type, "public");
  });

  test("one flipped bit in the SPKI changes the group id", async () => {
    assert.notEqual(await groupIdFromSpki(flipBit(spki, 8 * 60)), vectors.server.groupId);
  });
});

describe("generated server identity", () => {
  let generated: { identity: ServerIdentity; pkcs8: Uint8Array };
  before(async () => {
    generated = await generateServerIdentity();
  });

  test("round trip through pkcs8 + spki keeps fingerprint and group id; the keys sign and verify", async () => {
    const { identity } = generated;
    assert.equal(identity.signPrivate.extractable, false);
    assert.equal(identity.groupId, await groupIdFromSpki(identity.spki));
    const again = await importServerIdentity(generated.pkcs8, identity.spki);
    assert.equal(again.fingerprintHex, identity.fingerprintHex);
    assert.equal(again.groupId, identity.groupId);
    const statement = {
      purpose: "rekey" as const,
      groupId: identity.groupId,
      epoch: 2,
      previousEpoch: 1,
      commitment: new Uint8Array(32),
    };
    const signature = await signStatement(again.signPrivate, statement);
    await verifyStatement(identity.signPublic, statement, signature);
    await verifyStatement((await importServerPublicKey(identity.spki)).key, statement, signature);
  });

  test("a private key with another server's public key is refused", async () => {
    await rejectsWith(importServerIdentity(generated.pkcs8, spki), "INVALID_KEY", /does not match/);
    await rejectsWith(
      importServerIdentity(pkcs8, generated.identity.spki),
      "INVALID_KEY",
      /does not match/,
    );
  });
});

describe("server keys reject bad input", () => {
  test("wrong key kinds are INVALID_KEY with named messages", async () => {
    const wrong = vectors.wrongKeys;
    await rejectsWith(
      importServerPublicKey(b64(wrong.p384Spki)),
      "INVALID_KEY",
      /server key is on the wrong curve/,
    );
    await rejectsWith(
      importServerPublicKey(b64(vectors.identity.encSpki)),
      "INVALID_KEY",
      /got an RSA key/,
    );
    await rejectsWith(importServerPublicKey(new Uint8Array(91)), "INVALID_KEY", /not valid DER/);
    await rejectsWith(importServerPublicKey(spki.subarray(0, 90)), "INVALID_KEY", /not valid DER/);
    await rejectsWith(
      importServerIdentity(b64(wrong.p384Pkcs8), spki),
      "INVALID_KEY",
      /server private key is on the wrong curve/,
    );
    await rejectsWith(
      importServerIdentity(b64(wrong.rsa2048Pkcs8), spki),
      "INVALID_KEY",
      /must be an ECDSA P-256 key/,
    );
  });

  test("wrong types and sizes are INVALID_ARGUMENT", async () => {
    await rejectsWith(groupIdFromSpki("abc" as unknown as Uint8Array), "INVALID_ARGUMENT");
    await rejectsWith(groupIdFromSpki(new Uint8Array(0)), "INVALID_ARGUMENT", /length/);
    await rejectsWith(groupIdFromSpki(new Uint8Array(1_000_000)), "INVALID_ARGUMENT", /length/);
    await rejectsWith(importServerPublicKey(null as unknown as Uint8Array), "INVALID_ARGUMENT");
    await rejectsWith(
      importServerIdentity(pkcs8, [1] as unknown as Uint8Array),
      "INVALID_ARGUMENT",
    );
  });
});
