/**
 * Check an `auth`: recompute the member's fingerprint, import its signing key (kept only for
 * this check) and its encryption key (reused from a live connection of the same fingerprint,
 * which covers both keys), and verify its signature over this connection's nonce, the group id
 * and both fingerprints. Every failure is AUTH_FAILED: the reason names the member's own input
 * only, so nothing is learned about membership.
 */
import { fromBase64Url, toHex } from "../../shared/bytes.ts";
import { GryptError } from "../../shared/errors.ts";
import { computeFingerprint } from "../../shared/identity.ts";
import { importEncPublicKey, importSignPublicKey } from "../../shared/key-import.ts";
import type { Auth } from "../../shared/protocol/messages.ts";
import { verifyStatement } from "../../shared/signed-statements.ts";
import type { VerifiedAuth } from "../group/links.ts";

export interface AuthContext {
  nonce: Uint8Array;
  groupId: string;
  serverFingerprint: Uint8Array;
  /** The encryption key of a member already connected with this fingerprint, if any. */
  knownEncKey: (fingerprintHex: string) => CryptoKey | undefined;
}

export async function verifyAuth(auth: Auth, context: AuthContext): Promise<VerifiedAuth> {
  try {
    const signSpki = fromBase64Url(auth.signKey);
    const encSpki = fromBase64Url(auth.encKey);
    const fingerprint = await computeFingerprint(signSpki, encSpki);
    const fingerprintHex = toHex(fingerprint);
    const [signPublic, encPublic] = await Promise.all([
      importSignPublicKey(signSpki),
      context.knownEncKey(fingerprintHex) ?? importEncPublicKey(encSpki),
    ]);
    await verifyStatement(
      signPublic,
      {
        purpose: "auth",
        nonce: context.nonce,
        groupId: context.groupId,
        serverFingerprint: context.serverFingerprint,
        memberFingerprint: fingerprint,
      },
      fromBase64Url(auth.signature),
    );
    return {
      fingerprint,
      fingerprintHex,
      spki: { signKey: auth.signKey, encKey: auth.encKey },
      encPublic,
      name: auth.name,
      haveEpoch: auth.haveEpoch,
    };
  } catch (error) {
    const reason = error instanceof GryptError ? error.message : "invalid keys";
    throw new GryptError("AUTH_FAILED", `authentication failed: ${reason}`.slice(0, 300));
  }
}
