import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { asBufferSource, randomBytes, toHex } from "../../shared/bytes.ts";
import { type Identity, importIdentity } from "../../shared/identity.ts";
import {
  COMMITMENT_BYTES,
  commitSessionKey,
  SESSION_KEY_BYTES,
  unwrapSessionKey,
  verifySessionKeyCommitment,
  wrapSessionKey,
} from "../../shared/key-delivery.ts";
import {
  b64,
  exportedFrom,
  flipBit,
  hex,
  rejectsWith,
  vectors,
} from "../data/keys/test-helpers.ts";

const { delivery } = vectors;
const groupId = vectors.server.groupId;
const sessionKey = hex(delivery.sessionKeyHex);

let alice: Identity;
let bob: Identity;
before(async () => {
  alice = await importIdentity(exportedFrom(vectors.identity));
  bob = await importIdentity(exportedFrom(vectors.otherIdentity));
});

describe("known answers (make-vectors.py)", () => {
  test("unwraps a key wrapped by Python's cryptography (RSA-OAEP, SHA-256, MGF1-SHA-256)", async () => {
    const key = await unwrapSessionKey(alice.encPrivate, b64(delivery.wrapped));
    assert.equal(toHex(key), delivery.sessionKeyHex);
  });

  test("commitSessionKey matches the length-prefixed SHA-256 computed independently", async () => {
    const commitment = await commitSessionKey(groupId, delivery.epoch, sessionKey);
    assert.equal(toHex(commitment), delivery.commitmentHex);
    await verifySessionKeyCommitment(
      groupId,
      delivery.epoch,
      sessionKey,
      hex(delivery.commitmentHex),
    );
  });
});

describe("round trips", () => {
  test("wrap gives 384 bytes that only the right private key unwraps", async () => {
    const key = randomBytes(SESSION_KEY_BYTES);
    const wrapped = await wrapSessionKey(alice.encPublic, key);
    assert.equal(wrapped.length, 384);
    assert.deepEqual(await unwrapSessionKey(alice.encPrivate, wrapped), key);
    await rejectsWith(
      unwrapSessionKey(bob.encPrivate, wrapped),
      "UNWRAP_FAILED",
      /does not decrypt/,
    );
  });

  test("wrapping is randomised", async () => {
    const a = await wrapSessionKey(alice.encPublic, sessionKey);
    const b = await wrapSessionKey(alice.encPublic, sessionKey);
    assert.notDeepEqual(a, b);
  });

  test("commitments differ by group, epoch and key", async () => {
    const base = toHex(await commitSessionKey(groupId, 7, sessionKey));
    assert.notEqual(toHex(await commitSessionKey(`${groupId}x`, 7, sessionKey)), base);
    assert.notEqual(toHex(await commitSessionKey(groupId, 8, sessionKey)), base);
    assert.notEqual(toHex(await commitSessionKey(groupId, 7, flipBit(sessionKey, 255))), base);
    // Length prefixes keep ("ab", 17) and ("ab1", 7) apart.
    const k = new Uint8Array(32);
    assert.notEqual(
      toHex(await commitSessionKey("ab", 17, k)),
      toHex(await commitSessionKey("ab1", 7, k)),
    );
  });
});

describe("tampering", () => {
  test("one flipped bit anywhere in a wrapped key is UNWRAP_FAILED", async () => {
    const wrapped = b64(delivery.wrapped);
    for (const bit of [0, 7, 8, 1000, 1536, 3000, 3071]) {
      await rejectsWith(unwrapSessionKey(alice.encPrivate, flipBit(wrapped, bit)), "UNWRAP_FAILED");
    }
  });

  test("one flipped bit in a commitment, or another epoch or group, is COMMITMENT_MISMATCH", async () => {
    const commitment = hex(delivery.commitmentHex);
    for (const bit of [0, 100, 255]) {
      await rejectsWith(
        verifySessionKeyCommitment(groupId, delivery.epoch, sessionKey, flipBit(commitment, bit)),
        "COMMITMENT_MISMATCH",
        /epoch 7/,
      );
    }
    await rejectsWith(
      verifySessionKeyCommitment(groupId, 8, sessionKey, commitment),
      "COMMITMENT_MISMATCH",
    );
    await rejectsWith(
      verifySessionKeyCommitment("other", 7, sessionKey, commitment),
      "COMMITMENT_MISMATCH",
    );
    await rejectsWith(
      verifySessionKeyCommitment(groupId, 7, flipBit(sessionKey, 3), commitment),
      "COMMITMENT_MISMATCH",
    );
    await rejectsWith(
      verifySessionKeyCommitment(groupId, 7, sessionKey, commitment.subarray(0, 31)),
      "COMMITMENT_MISMATCH",
    );
  });
});

describe("bad input", () => {
  test("session keys must be 32 bytes", async () => {
    await rejectsWith(
      wrapSessionKey(alice.encPublic, new Uint8Array(31)),
      "INVALID_ARGUMENT",
      /32 bytes/,
    );
    await rejectsWith(
      wrapSessionKey(alice.encPublic, new Uint8Array(33)),
      "INVALID_ARGUMENT",
      /32 bytes/,
    );
    await rejectsWith(
      wrapSessionKey(alice.encPublic, "k".repeat(32) as unknown as Uint8Array),
      "INVALID_ARGUMENT",
    );
  });

  test("wrapped keys must be 384 bytes", async () => {
    const wrapped = b64(delivery.wrapped);
    await rejectsWith(
      unwrapSessionKey(alice.encPrivate, wrapped.subarray(0, 383)),
      "UNWRAP_FAILED",
      /384 bytes, got 383/,
    );
    await rejectsWith(
      unwrapSessionKey(alice.encPrivate, new Uint8Array(0)),
      "UNWRAP_FAILED",
      /got 0/,
    );
    await rejectsWith(
      unwrapSessionKey(alice.encPrivate, new Uint8Array(1_000_000)),
      "UNWRAP_FAILED",
      /384/,
    );
    await rejectsWith(
      unwrapSessionKey(alice.encPrivate, delivery.wrapped as unknown as Uint8Array),
      "INVALID_ARGUMENT",
    );
  });

  test("a validly wrapped value that is not 32 bytes is UNWRAP_FAILED", async () => {
    const short = new Uint8Array(
      await crypto.subtle.encrypt(
        { name: "RSA-OAEP" },
        alice.encPublic,
        asBufferSource(new Uint8Array(16)),
      ),
    );
    await rejectsWith(unwrapSessionKey(alice.encPrivate, short), "UNWRAP_FAILED", /not 32 bytes/);
  });

  test("keys of the wrong algorithm or type are INVALID_KEY; non-keys INVALID_ARGUMENT", async () => {
    const wrapped = b64(delivery.wrapped);
    await rejectsWith(wrapSessionKey(alice.signPublic, sessionKey), "INVALID_KEY", /RSA-OAEP/);
    await rejectsWith(wrapSessionKey(alice.encPrivate, sessionKey), "INVALID_KEY", /public key/);
    await rejectsWith(unwrapSessionKey(alice.encPublic, wrapped), "INVALID_KEY", /private key/);
    await rejectsWith(unwrapSessionKey(alice.signPrivate, wrapped), "INVALID_KEY", /RSA-OAEP/);
    const sha1 = await crypto.subtle.importKey(
      "spki",
      asBufferSource(alice.public.encSpki),
      { name: "RSA-OAEP", hash: "SHA-1" },
      false,
      ["encrypt"],
    );
    await rejectsWith(wrapSessionKey(sha1, sessionKey), "INVALID_KEY", /SHA-256/);
    const rsa2048 = await crypto.subtle.importKey(
      "spki",
      asBufferSource(b64(vectors.wrongKeys.rsa2048Spki)),
      { name: "RSA-OAEP", hash: "SHA-256" },
      false,
      ["encrypt"],
    );
    await rejectsWith(
      wrapSessionKey(rsa2048, sessionKey),
      "INVALID_KEY",
      /3072-bit modulus, got 2048/,
    );
    await rejectsWith(wrapSessionKey({} as CryptoKey, sessionKey), "INVALID_ARGUMENT", /CryptoKey/);
    await rejectsWith(
      unwrapSessionKey(undefined as unknown as CryptoKey, wrapped),
      "INVALID_ARGUMENT",
      /CryptoKey/,
    );
  });

  test("commitment inputs are checked with named messages", async () => {
    await rejectsWith(commitSessionKey("", 1, sessionKey), "INVALID_ARGUMENT", /groupId/);
    await rejectsWith(commitSessionKey("has space", 1, sessionKey), "INVALID_ARGUMENT", /groupId/);
    await rejectsWith(
      commitSessionKey("a".repeat(33), 1, sessionKey),
      "INVALID_ARGUMENT",
      /groupId/,
    );
    await rejectsWith(commitSessionKey(groupId, 0, sessionKey), "INVALID_ARGUMENT", /epoch/);
    await rejectsWith(commitSessionKey(groupId, 1.5, sessionKey), "INVALID_ARGUMENT", /epoch/);
    await rejectsWith(commitSessionKey(groupId, 2 ** 31, sessionKey), "INVALID_ARGUMENT", /epoch/);
    await rejectsWith(
      commitSessionKey(groupId, "1" as unknown as number, sessionKey),
      "INVALID_ARGUMENT",
      /epoch/,
    );
    await rejectsWith(
      commitSessionKey(groupId, 1, new Uint8Array(16)),
      "INVALID_ARGUMENT",
      /32 bytes/,
    );
    await rejectsWith(
      verifySessionKeyCommitment(
        groupId,
        1,
        sessionKey,
        "c".repeat(COMMITMENT_BYTES) as unknown as Uint8Array,
      ),
      "INVALID_ARGUMENT",
    );
  });
});
