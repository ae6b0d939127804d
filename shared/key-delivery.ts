/**
 * Session-key delivery (docs/protocol.md): a 32-byte Fernet session key RSA-OAEP-3072
 * (SHA-256) encrypted to one member, and a hash commitment to the key that the server signs,
 * so a member checks the key it unwrapped is the one the server vouched for.
 * commitment = SHA-256(lp("grypt/v1/key-commitment") ‖ lp(groupId) ‖ lp(decimal epoch) ‖ lp(key)),
 * lp = 4-byte big-endian length ‖ bytes.
 */
import * as v from "valibot";
import { asBufferSource, assertBytes, constantTimeEqual } from "./bytes.ts";
import { check, GryptError } from "./errors.ts";
import { encodeFields } from "./length-prefix.ts";
import { Epoch, GroupId } from "./protocol/fields.ts";
import { assertRsaOaepKey, RSA_CIPHERTEXT_BYTES, RSA_OAEP } from "./webcrypto-params.ts";

const subtle = globalThis.crypto.subtle;

export const SESSION_KEY_BYTES = 32;
export const WRAPPED_KEY_BYTES = RSA_CIPHERTEXT_BYTES;
export const COMMITMENT_BYTES = 32;
export const KEY_COMMITMENT_LABEL = "grypt/v1/key-commitment";

/** Encrypt a session key to a member's RSA-OAEP-3072 public key: 384 bytes. */
export async function wrapSessionKey(encPublic: CryptoKey, key: Uint8Array): Promise<Uint8Array> {
  assertRsaOaepKey(encPublic, "encPublic", "public", "encrypt");
  assertBytes(key, "session key", SESSION_KEY_BYTES);
  const wrapped = new Uint8Array(await subtle.encrypt(RSA_OAEP, encPublic, asBufferSource(key)));
  if (wrapped.length !== WRAPPED_KEY_BYTES)
    throw new GryptError("INTERNAL", "RSA-OAEP gave an unexpected length");
  return wrapped;
}

/** Decrypt a wrapped session key; any failure (wrong key, altered bytes, wrong length) is UNWRAP_FAILED. */
export async function unwrapSessionKey(
  encPrivate: CryptoKey,
  wrapped: Uint8Array,
): Promise<Uint8Array> {
  assertRsaOaepKey(encPrivate, "encPrivate", "private", "decrypt");
  assertBytes(wrapped, "wrapped key");
  if (wrapped.length !== WRAPPED_KEY_BYTES) {
    throw new GryptError(
      "UNWRAP_FAILED",
      `wrapped key must be ${WRAPPED_KEY_BYTES} bytes, got ${wrapped.length}`,
    );
  }
  let key: Uint8Array;
  try {
    key = new Uint8Array(await subtle.decrypt(RSA_OAEP, encPrivate, asBufferSource(wrapped)));
  } catch {
    throw new GryptError("UNWRAP_FAILED", "wrapped key does not decrypt with this key");
  }
  if (key.length !== SESSION_KEY_BYTES) {
    key.fill(0);
    throw new GryptError("UNWRAP_FAILED", `unwrapped key is not ${SESSION_KEY_BYTES} bytes`);
  }
  return key;
}

function checkCommitmentInputs(groupId: string, epoch: number, key: Uint8Array): void {
  check(v.is(GroupId, groupId), "groupId must be 1..32 letters or digits");
  check(v.is(Epoch, epoch), "epoch must be an integer in 1..2^31-1");
  assertBytes(key, "session key", SESSION_KEY_BYTES);
}

/** The 32-byte commitment to `key` as the session key of `epoch` in `groupId`. */
export async function commitSessionKey(
  groupId: string,
  epoch: number,
  key: Uint8Array,
): Promise<Uint8Array> {
  checkCommitmentInputs(groupId, epoch, key);
  const encoded = encodeFields(new Uint8Array(0), [KEY_COMMITMENT_LABEL, groupId, epoch, key]);
  return new Uint8Array(await subtle.digest("SHA-256", asBufferSource(encoded)));
}

/** COMMITMENT_MISMATCH unless `commitment` commits to exactly this key, group and epoch. */
export async function verifySessionKeyCommitment(
  groupId: string,
  epoch: number,
  key: Uint8Array,
  commitment: Uint8Array,
): Promise<void> {
  assertBytes(commitment, "commitment");
  const expected = await commitSessionKey(groupId, epoch, key);
  if (!constantTimeEqual(expected, commitment)) {
    throw new GryptError(
      "COMMITMENT_MISMATCH",
      `session key does not match its commitment for epoch ${epoch}`,
    );
  }
}
