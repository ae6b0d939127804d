/**
 * The server's identity (docs/design.md, "Cryptography"): an ECDSA P-256 signing key made when the group is
 * created. Its fingerprint is SHA-256(spki), which members pin; the group id is the base62
 * armor of the first 12 bytes of that hash (17 letters and digits, in every post).
 */
import { armor } from "./base62-armor.ts";
import { asBufferSource, assertBytes, toHex } from "./bytes.ts";
import { check } from "./errors.ts";
import { checkSignPair, importSignPrivateKey, importSignPublicKey } from "./key-import.ts";
import { ECDSA_GENERATE, MAX_SIGN_SPKI_BYTES } from "./webcrypto-params.ts";

const subtle = globalThis.crypto.subtle;
/** How many bytes of SHA-256(spki) the group id armors. */
export const GROUP_ID_HASH_BYTES = 12;

export interface ServerIdentity {
  spki: Uint8Array;
  /** SHA-256(spki). */
  fingerprint: Uint8Array;
  fingerprintHex: string;
  groupId: string;
  signPrivate: CryptoKey;
  signPublic: CryptoKey;
}

async function spkiDigest(spki: Uint8Array): Promise<Uint8Array> {
  assertBytes(spki, "server spki");
  check(
    spki.length > 0 && spki.length <= MAX_SIGN_SPKI_BYTES,
    "server spki has an impossible length",
  );
  return new Uint8Array(await subtle.digest("SHA-256", asBufferSource(spki)));
}

function groupIdFromDigest(digest: Uint8Array): string {
  return armor(digest.subarray(0, GROUP_ID_HASH_BYTES));
}

/** The group id a server key implies: armor(SHA-256(spki)[0..12]). */
export async function groupIdFromSpki(spki: Uint8Array): Promise<string> {
  return groupIdFromDigest(await spkiDigest(spki));
}

async function describe(
  spki: Uint8Array,
): Promise<{ fingerprint: Uint8Array; fingerprintHex: string; groupId: string }> {
  const fingerprint = await spkiDigest(spki);
  return {
    fingerprint,
    fingerprintHex: toHex(fingerprint),
    groupId: groupIdFromDigest(fingerprint),
  };
}

/** A new server key; `pkcs8` is the only copy of the private key: store it in the group vault. */
export async function generateServerIdentity(): Promise<{
  identity: ServerIdentity;
  pkcs8: Uint8Array;
}> {
  const pair = await subtle.generateKey(ECDSA_GENERATE, true, ["sign", "verify"]);
  const pkcs8 = new Uint8Array(await subtle.exportKey("pkcs8", pair.privateKey));
  const spki = new Uint8Array(await subtle.exportKey("spki", pair.publicKey));
  const signPrivate = await importSignPrivateKey(pkcs8, "server private key");
  const identity: ServerIdentity = {
    spki,
    ...(await describe(spki)),
    signPrivate,
    signPublic: pair.publicKey,
  };
  return { identity, pkcs8 };
}

/** Load the server key from storage: both halves checked and probed against each other (INVALID_KEY). */
export async function importServerIdentity(
  pkcs8: Uint8Array,
  spki: Uint8Array,
): Promise<ServerIdentity> {
  const signPublic = await importSignPublicKey(spki, "server key");
  const signPrivate = await importSignPrivateKey(pkcs8, "server private key");
  await checkSignPair(signPrivate, signPublic, "server key");
  const copy = spki.slice();
  return { spki: copy, ...(await describe(copy)), signPrivate, signPublic };
}

/** The server key as a member receives it in `hello` (INVALID_KEY unless ECDSA P-256). */
export async function importServerPublicKey(
  spki: Uint8Array,
): Promise<{ key: CryptoKey; fingerprint: Uint8Array; fingerprintHex: string; groupId: string }> {
  const key = await importSignPublicKey(spki, "server key");
  return { key, ...(await describe(spki.slice())) };
}
