/**
 * Member identities (docs/design.md, "Cryptography"): an ECDSA P-256 signing key and an RSA-OAEP-3072
 * encryption key. The fingerprint is SHA-256(signSpki ‖ encSpki) (DER is self-delimiting, so
 * the concatenation is unambiguous). Private keys in an Identity are non-extractable; the
 * PKCS#8 export exists once, at generation, for the user's encrypted backup.
 */
import { asBufferSource, assertBytes, concatBytes, toHex } from "./bytes.ts";
import { check } from "./errors.ts";
import { assertExportedIdentity, type ExportedIdentity } from "./exported-identity.ts";
import {
  checkEncPair,
  checkSignPair,
  importEncPrivateKey,
  importEncPublicKey,
  importSignPrivateKey,
  importSignPublicKey,
} from "./key-import.ts";
import {
  ECDSA_GENERATE,
  MAX_ENC_SPKI_BYTES,
  MAX_SIGN_SPKI_BYTES,
  RSA_GENERATE,
} from "./webcrypto-params.ts";

export type { ExportedIdentity } from "./exported-identity.ts";
export { parseIdentity, serializeIdentity } from "./identity-backup.ts";

const subtle = globalThis.crypto.subtle;
export const FINGERPRINT_BYTES = 32;

export interface PublicIdentity {
  signSpki: Uint8Array;
  encSpki: Uint8Array;
  /** SHA-256(signSpki ‖ encSpki). */
  fingerprint: Uint8Array;
  /** 64 lowercase hex digits. */
  fingerprintHex: string;
}

export interface Identity {
  public: PublicIdentity;
  signPrivate: CryptoKey;
  signPublic: CryptoKey;
  encPrivate: CryptoKey;
  encPublic: CryptoKey;
}

export async function computeFingerprint(
  signSpki: Uint8Array,
  encSpki: Uint8Array,
): Promise<Uint8Array> {
  assertBytes(signSpki, "signSpki");
  assertBytes(encSpki, "encSpki");
  check(
    signSpki.length > 0 && signSpki.length <= MAX_SIGN_SPKI_BYTES,
    "signSpki has an impossible length",
  );
  check(
    encSpki.length > 0 && encSpki.length <= MAX_ENC_SPKI_BYTES,
    "encSpki has an impossible length",
  );
  return new Uint8Array(
    await subtle.digest("SHA-256", asBufferSource(concatBytes(signSpki, encSpki))),
  );
}

/** Upper-case hex in groups of four, for reading aloud: "3F2A 91C0 …" (16 groups). */
export function formatFingerprint(fingerprint: Uint8Array | string): string {
  let hex: string;
  if (typeof fingerprint === "string") {
    check(/^[0-9a-fA-F]{64}$/.test(fingerprint), "fingerprint must be 64 hex digits");
    hex = fingerprint;
  } else {
    assertBytes(fingerprint, "fingerprint", FINGERPRINT_BYTES);
    hex = toHex(fingerprint);
  }
  return (hex.toUpperCase().match(/.{4}/g) ?? []).join(" ");
}

async function makePublicIdentity(
  signSpki: Uint8Array,
  encSpki: Uint8Array,
): Promise<PublicIdentity> {
  const fingerprint = await computeFingerprint(signSpki, encSpki);
  return { signSpki, encSpki, fingerprint, fingerprintHex: toHex(fingerprint) };
}

/** A fresh identity; `exported` is the only copy of the private keys' PKCS#8: back it up encrypted. */
export async function generateIdentity(): Promise<{
  identity: Identity;
  exported: ExportedIdentity;
}> {
  const [sign, enc] = await Promise.all([
    subtle.generateKey(ECDSA_GENERATE, true, ["sign", "verify"]),
    subtle.generateKey(RSA_GENERATE, true, ["encrypt", "decrypt"]),
  ]);
  const [signPkcs8, encPkcs8, signSpki, encSpki] = (
    await Promise.all([
      subtle.exportKey("pkcs8", sign.privateKey),
      subtle.exportKey("pkcs8", enc.privateKey),
      subtle.exportKey("spki", sign.publicKey),
      subtle.exportKey("spki", enc.publicKey),
    ])
  ).map((buffer) => new Uint8Array(buffer)) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  const [signPrivate, encPrivate] = await Promise.all([
    importSignPrivateKey(signPkcs8),
    importEncPrivateKey(encPkcs8),
  ]);
  const identity: Identity = {
    public: await makePublicIdentity(signSpki, encSpki),
    signPrivate,
    signPublic: sign.publicKey,
    encPrivate,
    encPublic: enc.publicKey,
  };
  return { identity, exported: { signPkcs8, encPkcs8, signSpki, encSpki } };
}

/** Import a backed-up identity: every key checked, and each private key probed against its public key. */
export async function importIdentity(exported: ExportedIdentity): Promise<Identity> {
  assertExportedIdentity(exported);
  const { signPkcs8, encPkcs8, signSpki, encSpki } = exported;
  // One after another, so the first bad field is the one reported.
  const signPublic = await importSignPublicKey(signSpki);
  const encPublic = await importEncPublicKey(encSpki);
  const signPrivate = await importSignPrivateKey(signPkcs8);
  const encPrivate = await importEncPrivateKey(encPkcs8);
  await checkSignPair(signPrivate, signPublic, "sign key");
  await checkEncPair(encPrivate, encPublic, "encryption key");
  return {
    public: await makePublicIdentity(signSpki.slice(), encSpki.slice()),
    signPrivate,
    signPublic,
    encPrivate,
    encPublic,
  };
}

/** A member's public keys as received (e.g. in `auth`): INVALID_KEY unless both are the right kind. */
export async function importPublicIdentity(
  signSpki: Uint8Array,
  encSpki: Uint8Array,
): Promise<{ public: PublicIdentity; signPublic: CryptoKey; encPublic: CryptoKey }> {
  const signPublic = await importSignPublicKey(signSpki);
  const encPublic = await importEncPublicKey(encSpki);
  return {
    public: await makePublicIdentity(signSpki.slice(), encSpki.slice()),
    signPublic,
    encPublic,
  };
}
