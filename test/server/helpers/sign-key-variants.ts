/**
 * Identities that are cheap to make, for floods and look-alike attacks: they share one RSA key
 * (slow to make) and each has its own ECDSA key, so each has its own fingerprint. The ECDSA keys
 * come from node:crypto's ECDH (a few thousand a second), which is what makes searching for a
 * fingerprint with given first digits practical, as an attacker would.
 */
import { createECDH, createHash, type ECDH } from "node:crypto";
import { toBase64Url } from "../../../shared/bytes.ts";
import {
  type ExportedIdentity,
  generateIdentity,
  type Identity,
  importIdentity,
} from "../../../shared/identity.ts";
import { ECDSA_IMPORT } from "../../../shared/webcrypto-params.ts";

/** A P-256 SubjectPublicKeyInfo up to its uncompressed point (04 ‖ x ‖ y follows). */
const P256_SPKI_HEAD = Buffer.from("3059301306072a8648ce3d020106082a8648ce3d030107034200", "hex");

export type SignKeyBase = ExportedIdentity;

/** The RSA half every variant shares. */
export async function variantBase(): Promise<SignKeyBase> {
  return (await generateIdentity()).exported;
}

function newSignKey(): { ecdh: ECDH; spki: Buffer } {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { ecdh, spki: Buffer.concat([P256_SPKI_HEAD, ecdh.getPublicKey()]) };
}

async function withSignKey(base: SignKeyBase, ecdh: ECDH): Promise<Identity> {
  const point = ecdh.getPublicKey();
  const jwk: JsonWebKey = {
    kty: "EC",
    crv: "P-256",
    d: toBase64Url(ecdh.getPrivateKey().subarray(-32)),
    x: toBase64Url(point.subarray(1, 33)),
    y: toBase64Url(point.subarray(33, 65)),
  };
  const key = await crypto.subtle.importKey("jwk", jwk, ECDSA_IMPORT, true, ["sign"]);
  const signPkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", key));
  return importIdentity({
    ...base,
    signPkcs8,
    signSpki: new Uint8Array(Buffer.concat([P256_SPKI_HEAD, point])),
  });
}

/** `count` identities with distinct fingerprints, sharing `base`'s RSA key. */
export async function variants(base: SignKeyBase, count: number): Promise<Identity[]> {
  const made: Identity[] = [];
  for (let i = 0; i < count; i++) made.push(await withSignKey(base, newSignKey().ecdh));
  return made;
}

/**
 * The attack on short prefixes: an identity (the attacker's own RSA key in `base`) whose
 * fingerprint starts with `prefix` (hex). 16^digits tries on average.
 */
export async function lookAlike(base: SignKeyBase, prefix: string): Promise<Identity> {
  const wanted = prefix.toLowerCase();
  for (;;) {
    const { ecdh, spki } = newSignKey();
    const fp = createHash("sha256").update(spki).update(base.encSpki).digest("hex");
    if (!fp.startsWith(wanted)) continue;
    const identity = await withSignKey(base, ecdh);
    if (identity.public.fingerprintHex !== fp) throw new Error("fingerprint computed differently");
    return identity;
  }
}
