/** Shared by the keys tests: the known-answer data of make-vectors.py, and assertion helpers. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fromBase64Url, fromHex } from "../../../shared/bytes.ts";
import { type ErrorCode, GryptError } from "../../../shared/errors.ts";

interface KeySet {
  signPkcs8: string;
  encPkcs8: string;
  signSpki: string;
  encSpki: string;
}

export interface Vectors {
  identity: KeySet & { fingerprintHex: string; fingerprintFormatted: string };
  otherIdentity: KeySet;
  server: { pkcs8: string; spki: string; fingerprintHex: string; groupId: string };
  wrongKeys: Record<
    | "p384Spki"
    | "p384Pkcs8"
    | "secp256k1Spki"
    | "ed25519Spki"
    | "rsa2048Spki"
    | "rsa2048Pkcs8"
    | "rsa3072E3Spki"
    | "p256CompressedSpki",
    string
  >;
  delivery: { sessionKeyHex: string; epoch: number; commitmentHex: string; wrapped: string };
  statements: {
    nonceHex: string;
    clientNonceHex: string;
    groupName: string;
    c1Hex: string;
    c2Hex: string;
    authHex: string;
    keysHex: string;
    rekeyHex: string;
    keysSignature: string;
    authSignature: string;
  };
  vault: { password: string; plaintextHex: string; keyHex: string; file: Record<string, unknown> };
}

export const vectors = JSON.parse(readFileSync(new URL("./vectors.json", import.meta.url), "utf8")) as Vectors;
export const b64 = fromBase64Url;
export const hex = fromHex;

export function exportedFrom(set: KeySet) {
  return {
    signPkcs8: b64(set.signPkcs8),
    encPkcs8: b64(set.encPkcs8),
    signSpki: b64(set.signSpki),
    encSpki: b64(set.encSpki),
  };
}

/** A copy of `bytes` with bit `bit` (0 = most significant bit of byte 0) flipped. */
export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[bit >> 3]! ^= 0x80 >> (bit & 7);
  return copy;
}

function matches(error: unknown, code: ErrorCode, pattern?: RegExp): true {
  assert.ok(error instanceof GryptError, `expected a GryptError, got ${String(error)}`);
  assert.equal(error.code, code, `code (message: ${error.message})`);
  if (pattern) assert.match(error.message, pattern);
  return true;
}

export async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, pattern?: RegExp): Promise<void> {
  await assert.rejects(promise, (error) => matches(error, code, pattern));
}

export function throwsWith(fn: () => unknown, code: ErrorCode, pattern?: RegExp): void {
  assert.throws(fn, (error) => matches(error, code, pattern));
}
