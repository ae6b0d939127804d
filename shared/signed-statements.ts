/**
 * The statements grypt signs (docs/protocol.md), each bound to its purpose so a signature
 * made for one purpose never verifies for another. Encoding, exactly:
 *   UTF-8 label, one 0x00 byte, then each field as a 4-byte big-endian length followed by its
 *   bytes (strings UTF-8, numbers decimal ASCII, arrays as their count, a number field, followed
 *   by each item's fields). Labels and fields, in this order:
 *   auth  ("grypt/v2/auth"):  nonce, clientNonce, groupId, serverFingerprint, memberFingerprint
 *   keys  ("grypt/v2/keys"):  nonce, clientNonce, groupId, groupName, memberFingerprint, epoch,
 *                             count, then per key: epoch, commitment
 *   rekey ("grypt/v1/rekey"): groupId, epoch, previousEpoch, commitment
 * `nonce` is the server's, from its hello; `clientNonce` the member's, from its auth: with both,
 * a keys message is fresh for the member too (protocol version 2; v1 statements bound the
 * server's nonce only, and the label changed with the fields).
 * Signatures are ECDSA P-256 / SHA-256, r ‖ s (64 bytes).
 */
import * as v from "valibot";
import { asBufferSource, assertBytes, utf8Encode } from "./bytes.ts";
import { check, GryptError } from "./errors.ts";
import { encodeFields, type Field } from "./length-prefix.ts";
import { Epoch, GroupId, GroupName } from "./protocol/fields.ts";
import { MAX_KEYS_PER_MESSAGE } from "./protocol/messages.ts";
import { assertEcdsaKey, ECDSA_SIGN, ECDSA_SIGNATURE_BYTES } from "./webcrypto-params.ts";

const subtle = globalThis.crypto.subtle;

export const STATEMENT_NONCE_BYTES = 32;
const HASH_BYTES = 32;

export type Statement =
  | {
      purpose: "auth";
      nonce: Uint8Array;
      clientNonce: Uint8Array;
      groupId: string;
      serverFingerprint: Uint8Array;
      memberFingerprint: Uint8Array;
    }
  | {
      purpose: "keys";
      nonce: Uint8Array;
      clientNonce: Uint8Array;
      groupId: string;
      groupName: string;
      memberFingerprint: Uint8Array;
      epoch: number;
      keys: { epoch: number; commitment: Uint8Array }[];
    }
  | {
      purpose: "rekey";
      groupId: string;
      epoch: number;
      previousEpoch: number;
      commitment: Uint8Array;
    };

export type StatementPurpose = Statement["purpose"];

const LABELS: Record<StatementPurpose, string> = {
  auth: "grypt/v2/auth",
  keys: "grypt/v2/keys",
  rekey: "grypt/v1/rekey",
};

function checkGroupId(groupId: unknown): asserts groupId is string {
  check(v.is(GroupId, groupId), "statement groupId must be 1..32 letters or digits");
}

function checkEpoch(epoch: unknown, name: string): asserts epoch is number {
  check(v.is(Epoch, epoch), `statement ${name} must be an integer in 1..2^31-1`);
}

/** The statement's fields in signing order, each checked. */
function statementFields(s: Statement): Field[] {
  check(typeof s === "object" && s !== null, "statement must be an object");
  switch (s.purpose) {
    case "auth":
      assertBytes(s.nonce, "statement nonce", STATEMENT_NONCE_BYTES);
      assertBytes(s.clientNonce, "statement clientNonce", STATEMENT_NONCE_BYTES);
      checkGroupId(s.groupId);
      assertBytes(s.serverFingerprint, "statement serverFingerprint", HASH_BYTES);
      assertBytes(s.memberFingerprint, "statement memberFingerprint", HASH_BYTES);
      return [s.nonce, s.clientNonce, s.groupId, s.serverFingerprint, s.memberFingerprint];
    case "keys": {
      assertBytes(s.nonce, "statement nonce", STATEMENT_NONCE_BYTES);
      assertBytes(s.clientNonce, "statement clientNonce", STATEMENT_NONCE_BYTES);
      checkGroupId(s.groupId);
      check(
        v.is(GroupName, s.groupName),
        "statement groupName must be a string of at most 100 characters",
      );
      assertBytes(s.memberFingerprint, "statement memberFingerprint", HASH_BYTES);
      checkEpoch(s.epoch, "epoch");
      check(Array.isArray(s.keys), "statement keys must be an array");
      check(
        s.keys.length <= MAX_KEYS_PER_MESSAGE,
        `statement keys must hold at most ${MAX_KEYS_PER_MESSAGE} items`,
      );
      const fields: Field[] = [
        s.nonce,
        s.clientNonce,
        s.groupId,
        s.groupName,
        s.memberFingerprint,
        s.epoch,
        s.keys.length,
      ];
      for (const [i, key] of s.keys.entries()) {
        check(typeof key === "object" && key !== null, `statement keys[${i}] must be an object`);
        checkEpoch(key.epoch, `keys[${i}].epoch`);
        assertBytes(key.commitment, `statement keys[${i}].commitment`, HASH_BYTES);
        fields.push(key.epoch, key.commitment);
      }
      return fields;
    }
    case "rekey":
      checkGroupId(s.groupId);
      checkEpoch(s.epoch, "epoch");
      checkEpoch(s.previousEpoch, "previousEpoch");
      check(s.previousEpoch < s.epoch, "statement previousEpoch must be below epoch");
      assertBytes(s.commitment, "statement commitment", HASH_BYTES);
      return [s.groupId, s.epoch, s.previousEpoch, s.commitment];
    default: {
      const unknown: never = s;
      throw new GryptError(
        "INVALID_ARGUMENT",
        `unknown statement purpose ${String((unknown as { purpose: unknown }).purpose)}`,
      );
    }
  }
}

/** The exact bytes that are signed (see the file comment). INVALID_ARGUMENT for a malformed statement. */
export function encodeStatement(s: Statement): Uint8Array {
  const fields = statementFields(s);
  const label = utf8Encode(LABELS[s.purpose]);
  const prefix = new Uint8Array(label.length + 1);
  prefix.set(label);
  return encodeFields(prefix, fields);
}

/** Sign a statement with an ECDSA P-256 private key: 64 bytes. */
export async function signStatement(signPrivate: CryptoKey, s: Statement): Promise<Uint8Array> {
  assertEcdsaKey(signPrivate, "signPrivate", "private", "sign");
  const bytes = encodeStatement(s);
  return new Uint8Array(await subtle.sign(ECDSA_SIGN, signPrivate, asBufferSource(bytes)));
}

/** SIGNATURE_INVALID unless `signature` is a signature by `signPublic` over exactly this statement. */
export async function verifyStatement(
  signPublic: CryptoKey,
  s: Statement,
  signature: Uint8Array,
): Promise<void> {
  assertEcdsaKey(signPublic, "signPublic", "public", "verify");
  assertBytes(signature, "signature");
  const bytes = encodeStatement(s);
  if (signature.length !== ECDSA_SIGNATURE_BYTES) {
    throw new GryptError(
      "SIGNATURE_INVALID",
      `signature must be ${ECDSA_SIGNATURE_BYTES} bytes, got ${signature.length}`,
    );
  }
  const ok = await subtle.verify(
    ECDSA_SIGN,
    signPublic,
    asBufferSource(signature),
    asBufferSource(bytes),
  );
  if (!ok)
    throw new GryptError(
      "SIGNATURE_INVALID",
      `signature does not match the ${s.purpose} statement`,
    );
}
