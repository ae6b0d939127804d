import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { asBufferSource, concatBytes, toHex, utf8Encode } from "../../shared/bytes.ts";
import { type Identity, importIdentity } from "../../shared/identity.ts";
import { importServerPublicKey } from "../../shared/server-identity.ts";
import {
  encodeStatement,
  type Statement,
  signStatement,
  verifyStatement,
} from "../../shared/signed-statements.ts";
import {
  b64,
  exportedFrom,
  flipBit,
  hex,
  rejectsWith,
  throwsWith,
  vectors,
} from "../data/keys/test-helpers.ts";

const sv = vectors.statements;
const groupId = vectors.server.groupId;
const nonce = hex(sv.nonceHex);
const clientNonce = hex(sv.clientNonceHex);
const groupName = sv.groupName;
const serverFingerprint = hex(vectors.server.fingerprintHex);
const memberFingerprint = hex(vectors.identity.fingerprintHex);
const commitment = hex(vectors.delivery.commitmentHex);

const auth: Statement = {
  purpose: "auth",
  nonce,
  clientNonce,
  groupId,
  serverFingerprint,
  memberFingerprint,
};
const keys: Statement = {
  purpose: "keys",
  nonce,
  clientNonce,
  groupId,
  groupName,
  memberFingerprint,
  epoch: 8,
  keys: [
    { epoch: 7, commitment: hex(sv.c1Hex) },
    { epoch: 8, commitment: hex(sv.c2Hex) },
  ],
};
const rekey: Statement = { purpose: "rekey", groupId, epoch: 9, previousEpoch: 8, commitment };

let member: Identity;
let other: Identity;
before(async () => {
  member = await importIdentity(exportedFrom(vectors.identity));
  other = await importIdentity(exportedFrom(vectors.otherIdentity));
});

describe("known answers (make-vectors.py)", () => {
  test("encodeStatement gives the exact bytes for auth, keys and rekey", () => {
    assert.equal(toHex(encodeStatement(auth)), sv.authHex);
    assert.equal(toHex(encodeStatement(keys)), sv.keysHex);
    assert.equal(toHex(encodeStatement(rekey)), sv.rekeyHex);
    assert.equal(
      toHex(encodeStatement(auth).subarray(0, 14)),
      toHex(utf8Encode("grypt/v2/auth\0")),
    );
    assert.equal(
      toHex(encodeStatement(keys).subarray(0, 14)),
      toHex(utf8Encode("grypt/v2/keys\0")),
    );
  });

  test("signatures made by Python's cryptography verify", async () => {
    const server = await importServerPublicKey(b64(vectors.server.spki));
    await verifyStatement(server.key, keys, b64(sv.keysSignature));
    await verifyStatement(member.signPublic, auth, b64(sv.authSignature));
  });
});

describe("round trips", () => {
  for (const statement of [auth, keys, rekey]) {
    test(`${statement.purpose}: a 64-byte signature that verifies only under the signer's key`, async () => {
      const signature = await signStatement(member.signPrivate, statement);
      assert.equal(signature.length, 64);
      await verifyStatement(member.signPublic, statement, signature);
      await rejectsWith(
        verifyStatement(other.signPublic, statement, signature),
        "SIGNATURE_INVALID",
      );
    });
  }

  test("a keys statement with no keys (a fresh current epoch) signs and verifies", async () => {
    const empty: Statement = { ...keys, keys: [] };
    await verifyStatement(member.signPublic, empty, await signStatement(member.signPrivate, empty));
  });
});

describe("purposes never mix", () => {
  test("a signature for one purpose does not verify for the others over the same values", async () => {
    const signature = await signStatement(member.signPrivate, auth);
    await rejectsWith(
      verifyStatement(member.signPublic, keys, signature),
      "SIGNATURE_INVALID",
      /keys statement/,
    );
    await rejectsWith(
      verifyStatement(member.signPublic, rekey, signature),
      "SIGNATURE_INVALID",
      /rekey statement/,
    );
  });

  test("bytes that collide if the purpose were ignored do not verify", async () => {
    const encoded = encodeStatement(auth);
    const fields = encoded.subarray("grypt/v2/auth\0".length);
    const sign = (bytes: Uint8Array) =>
      crypto.subtle
        .sign({ name: "ECDSA", hash: "SHA-256" }, member.signPrivate, asBufferSource(bytes))
        .then((s) => new Uint8Array(s));
    // The very same field bytes under another purpose label, another version's, or none at all.
    const asKeys = await sign(concatBytes(utf8Encode("grypt/v2/keys\0"), fields));
    const asRekey = await sign(concatBytes(utf8Encode("grypt/v1/rekey\0"), fields));
    const asVersion1 = await sign(concatBytes(utf8Encode("grypt/v1/auth\0"), fields));
    const unlabelled = await sign(fields);
    const noSeparator = await sign(concatBytes(utf8Encode("grypt/v2/auth"), fields));
    for (const signature of [asKeys, asRekey, asVersion1, unlabelled, noSeparator]) {
      await rejectsWith(verifyStatement(member.signPublic, auth, signature), "SIGNATURE_INVALID");
    }
    // Control: the same helper over the real encoding does verify.
    await verifyStatement(member.signPublic, auth, await sign(encoded));
  });
});

describe("tampering", () => {
  test("one flipped bit in a signature is SIGNATURE_INVALID", async () => {
    const signature = await signStatement(member.signPrivate, keys);
    for (const bit of [0, 9, 255, 256, 300, 511]) {
      await rejectsWith(
        verifyStatement(member.signPublic, keys, flipBit(signature, bit)),
        "SIGNATURE_INVALID",
      );
    }
  });

  test("wrong-length signatures are SIGNATURE_INVALID", async () => {
    const signature = await signStatement(member.signPrivate, auth);
    for (const bad of [
      signature.subarray(0, 63),
      concatBytes(signature, new Uint8Array(1)),
      new Uint8Array(0),
      new Uint8Array(72),
    ]) {
      await rejectsWith(
        verifyStatement(member.signPublic, auth, bad),
        "SIGNATURE_INVALID",
        /64 bytes/,
      );
    }
  });

  test("any changed field fails", async () => {
    const authSig = await signStatement(member.signPrivate, auth);
    const keysSig = await signStatement(member.signPrivate, keys);
    const rekeySig = await signStatement(member.signPrivate, rekey);
    const changed: [Statement, Uint8Array][] = [
      [{ ...auth, nonce: flipBit(nonce, 3) }, authSig],
      [{ ...auth, clientNonce: flipBit(clientNonce, 130) }, authSig],
      [{ ...auth, nonce: clientNonce, clientNonce: nonce }, authSig],
      [{ ...auth, groupId: `${groupId.slice(0, -1)}x` }, authSig],
      [{ ...auth, serverFingerprint: flipBit(serverFingerprint, 200) }, authSig],
      [{ ...auth, memberFingerprint: flipBit(memberFingerprint, 0) }, authSig],
      [
        { ...auth, serverFingerprint: memberFingerprint, memberFingerprint: serverFingerprint },
        authSig,
      ],
      [{ ...keys, nonce: flipBit(nonce, 255) }, keysSig],
      [{ ...keys, clientNonce: flipBit(clientNonce, 0) }, keysSig],
      [{ ...keys, groupName: `${groupName} ` }, keysSig],
      [{ ...keys, groupName: "" }, keysSig],
      [{ ...keys, epoch: 9 }, keysSig],
      [{ ...keys, memberFingerprint: flipBit(memberFingerprint, 100) }, keysSig],
      [{ ...keys, keys: [{ epoch: 7, commitment: hex(sv.c1Hex) }] }, keysSig],
      [
        {
          ...keys,
          keys: [
            { epoch: 6, commitment: hex(sv.c1Hex) },
            { epoch: 8, commitment: hex(sv.c2Hex) },
          ],
        },
        keysSig,
      ],
      [
        {
          ...keys,
          keys: [
            { epoch: 7, commitment: hex(sv.c1Hex) },
            { epoch: 8, commitment: flipBit(hex(sv.c2Hex), 1) },
          ],
        },
        keysSig,
      ],
      [{ ...rekey, epoch: 10 }, rekeySig],
      [{ ...rekey, previousEpoch: 7 }, rekeySig],
      [{ ...rekey, commitment: flipBit(commitment, 77) }, rekeySig],
      [{ ...rekey, groupId: "other" }, rekeySig],
    ];
    for (const [statement, signature] of changed) {
      await rejectsWith(
        verifyStatement(member.signPublic, statement, signature),
        "SIGNATURE_INVALID",
      );
    }
  });
});

describe("bad input", () => {
  const bad: [string, unknown, RegExp][] = [
    ["null", null, /must be an object/],
    ["unknown purpose", { ...rekey, purpose: "admin" }, /unknown statement purpose/],
    ["short nonce", { ...auth, nonce: new Uint8Array(31) }, /nonce must be 32 bytes/],
    ["no client nonce", { ...auth, clientNonce: undefined }, /clientNonce must be a Uint8Array/],
    [
      "long client nonce",
      { ...keys, clientNonce: new Uint8Array(33) },
      /clientNonce must be 32 bytes/,
    ],
    ["no group name", { ...keys, groupName: undefined }, /groupName/],
    ["huge group name", { ...keys, groupName: "n".repeat(101) }, /groupName/],
    ["nonce as text", { ...auth, nonce: "n".repeat(32) }, /nonce must be a Uint8Array/],
    ["empty groupId", { ...auth, groupId: "" }, /groupId/],
    ["groupId with a colon", { ...auth, groupId: "a:b" }, /groupId/],
    ["huge groupId", { ...auth, groupId: "a".repeat(1_000_000) }, /groupId/],
    [
      "short fingerprint",
      { ...auth, serverFingerprint: new Uint8Array(20) },
      /serverFingerprint must be 32 bytes/,
    ],
    ["epoch 0", { ...keys, epoch: 0 }, /epoch/],
    ["fractional epoch", { ...rekey, epoch: 2.5 }, /epoch/],
    ["epoch as string", { ...rekey, epoch: "9" }, /epoch/],
    [
      "previousEpoch not below epoch",
      { ...rekey, previousEpoch: 9 },
      /previousEpoch must be below epoch/,
    ],
    ["keys not an array", { ...keys, keys: {} }, /keys must be an array/],
    [
      "too many keys",
      { ...keys, keys: Array(5001).fill({ epoch: 1, commitment }) },
      /at most 5000/,
    ],
    ["key item null", { ...keys, keys: [null] }, /keys\[0\] must be an object/],
    [
      "key commitment short",
      { ...keys, keys: [{ epoch: 1, commitment: new Uint8Array(31) }] },
      /keys\[0\]\.commitment/,
    ],
    ["key epoch negative", { ...keys, keys: [{ epoch: -1, commitment }] }, /keys\[0\]\.epoch/],
  ];
  for (const [name, statement, pattern] of bad) {
    test(name, async () => {
      throwsWith(() => encodeStatement(statement as Statement), "INVALID_ARGUMENT", pattern);
      await rejectsWith(
        signStatement(member.signPrivate, statement as Statement),
        "INVALID_ARGUMENT",
        pattern,
      );
      await rejectsWith(
        verifyStatement(member.signPublic, statement as Statement, new Uint8Array(64)),
        "INVALID_ARGUMENT",
        pattern,
      );
    });
  }

  test("keys of the wrong kind are INVALID_KEY; non-keys and non-bytes INVALID_ARGUMENT", async () => {
    await rejectsWith(signStatement(member.encPrivate, auth), "INVALID_KEY", /ECDSA P-256/);
    await rejectsWith(
      signStatement(member.signPublic as CryptoKey, auth),
      "INVALID_KEY",
      /private key/,
    );
    await rejectsWith(
      verifyStatement(member.signPrivate, auth, new Uint8Array(64)),
      "INVALID_KEY",
      /public key/,
    );
    await rejectsWith(
      verifyStatement(member.encPublic, auth, new Uint8Array(64)),
      "INVALID_KEY",
      /ECDSA P-256/,
    );
    await rejectsWith(
      signStatement("key" as unknown as CryptoKey, auth),
      "INVALID_ARGUMENT",
      /CryptoKey/,
    );
    await rejectsWith(
      verifyStatement(member.signPublic, auth, "sig" as unknown as Uint8Array),
      "INVALID_ARGUMENT",
      /signature/,
    );
  });
});
