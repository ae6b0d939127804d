/**
 * Check an `auth`: recompute the member's fingerprint, import its signing key, and verify its
 * signature over this connection's nonce, the member's nonce, the group id and both
 * fingerprints; only then import its encryption key, or take it from the cache of members' keys
 * (auth-key-cache.ts), which keeps a member's keys once verified. Until the signature holds the
 * work is the same whoever's keys are presented, so a failure's timing tells nothing about
 * membership; every failure is AUTH_FAILED, and its reason names the member's own input only.
 */
import { fromBase64Url, toHex } from "../../shared/bytes.ts";
import { GryptError } from "../../shared/errors.ts";
import { computeFingerprint } from "../../shared/identity.ts";
import { importEncPublicKey, importSignPublicKey } from "../../shared/key-import.ts";
import type { Auth } from "../../shared/protocol/messages.ts";
import { verifyStatement } from "../../shared/signed-statements.ts";
import type { VerifiedAuth } from "../group/links.ts";
import type { AuthKeyCache, KeyTexts } from "./auth-key-cache.ts";

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

export async function verifyAuth(auth: Auth, context: AuthContext): Promise<VerifiedAuth> {
  const ops = context.ops ?? KEY_OPS;
  try {
    const signSpki = fromBase64Url(auth.signKey);
    const encSpki = fromBase64Url(auth.encKey);
    // The same work for anyone's keys until the signature holds: nothing here looks at members.
    const [fingerprint, signPublic] = await Promise.all([
      ops.fingerprint(signSpki, encSpki),
      ops.importSign(signSpki),
    ]);
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
    // Signed by the key's holder: the cache of members' keys may now save the RSA import.
    const cached = context.keys.get(auth.signKey, auth.encKey);
    const fingerprintHex = toHex(fingerprint);
    const encPublic = cached?.encPublic ?? (await ops.importEnc(encSpki));
    const member = cached ? undefined : context.member(fingerprintHex);
    if (member && member.signKey === auth.signKey && member.encKey === auth.encKey)
      context.keys.remember(member, { fingerprint, fingerprintHex, encPublic });
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
