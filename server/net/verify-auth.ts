/**
 * Check an `auth`: recompute the member's fingerprint and import its encryption key (or take
 * both from the cache of members' keys, auth-key-cache.ts), import its signing key, and verify
 * its signature over this connection's nonce, the member's nonce, the group id and both
 * fingerprints. A member's
 * fingerprint and encryption key are cached once verified. Every failure is AUTH_FAILED: the
 * reason names the member's own input only, so nothing is learned about membership.
 */
import { fromBase64Url, toHex } from "../../shared/bytes.ts";
import { GryptError } from "../../shared/errors.ts";
import { computeFingerprint } from "../../shared/identity.ts";
import { importEncPublicKey, importSignPublicKey } from "../../shared/key-import.ts";
import type { Auth } from "../../shared/protocol/messages.ts";
import { verifyStatement } from "../../shared/signed-statements.ts";
import type { VerifiedAuth } from "../group/links.ts";
import type { AuthKeyCache, KeyTexts, KnownKeys } from "./auth-key-cache.ts";

export interface AuthContext {
  nonce: Uint8Array;
  groupId: string;
  serverFingerprint: Uint8Array;
  keys: AuthKeyCache;
  /** An approved member's key texts by fingerprint (only members' keys are cached). */
  member: (fingerprintHex: string) => KeyTexts | undefined;
  /** The key operations; tests count them through this. */
  ops?: AuthKeyOps;
}

/** What checking an auth costs: the fingerprint's hash and the two key imports. */
export interface AuthKeyOps {
  fingerprint(signSpki: Uint8Array, encSpki: Uint8Array): Promise<Uint8Array>;
  importSign(spki: Uint8Array): Promise<CryptoKey>;
  importEnc(spki: Uint8Array): Promise<CryptoKey>;
}

export const KEY_OPS: AuthKeyOps = {
  fingerprint: computeFingerprint,
  importSign: importSignPublicKey,
  importEnc: importEncPublicKey,
};

async function importKeys(
  auth: Auth,
  known: KnownKeys | undefined,
  ops: AuthKeyOps,
): Promise<KnownKeys & { signPublic: CryptoKey }> {
  const signSpki = fromBase64Url(auth.signKey);
  if (known) return { ...known, signPublic: await ops.importSign(signSpki) };
  const encSpki = fromBase64Url(auth.encKey);
  const fingerprint = await ops.fingerprint(signSpki, encSpki);
  const [signPublic, encPublic] = await Promise.all([
    ops.importSign(signSpki),
    ops.importEnc(encSpki),
  ]);
  return { fingerprint, fingerprintHex: toHex(fingerprint), signPublic, encPublic };
}

export async function verifyAuth(auth: Auth, context: AuthContext): Promise<VerifiedAuth> {
  try {
    const cached = context.keys.get(auth.signKey, auth.encKey);
    const keys = await importKeys(auth, cached, context.ops ?? KEY_OPS);
    const { fingerprint, fingerprintHex, signPublic, encPublic } = keys;
    await verifyStatement(
      signPublic,
      {
        purpose: "auth",
        nonce: context.nonce,
        clientNonce: fromBase64Url(auth.clientNonce),
        groupId: context.groupId,
        serverFingerprint: context.serverFingerprint,
        memberFingerprint: fingerprint,
      },
      fromBase64Url(auth.signature),
    );
    const member = cached ? undefined : context.member(fingerprintHex);
    if (member && member.signKey === auth.signKey && member.encKey === auth.encKey)
      context.keys.remember(member, keys);
    return {
      fingerprint,
      fingerprintHex,
      spki: { signKey: auth.signKey, encKey: auth.encKey },
      encPublic,
      name: auth.name,
      haveEpoch: auth.haveEpoch,
      clientNonce: fromBase64Url(auth.clientNonce),
    };
  } catch (error) {
    const reason = error instanceof GryptError ? error.message : "invalid keys";
    throw new GryptError("AUTH_FAILED", `authentication failed: ${reason}`.slice(0, 300));
  }
}
