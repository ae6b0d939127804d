/**
 * Two identities whose fingerprints start with the same hex digit, so that digit is an ambiguous
 * prefix. They share one RSA key (slow to make) and differ in their ECDSA key (fast), which is
 * regenerated until the first digits match: at most 17 tries.
 */
import { generateIdentity, type Identity, importIdentity } from "../../../shared/identity.ts";
import { ECDSA_GENERATE } from "../../../shared/webcrypto-params.ts";

async function withNewSignKey(
  base: Awaited<ReturnType<typeof generateIdentity>>["exported"],
): Promise<Identity> {
  const sign = await crypto.subtle.generateKey(ECDSA_GENERATE, true, ["sign", "verify"]);
  const [signPkcs8, signSpki] = await Promise.all([
    crypto.subtle.exportKey("pkcs8", sign.privateKey),
    crypto.subtle.exportKey("spki", sign.publicKey),
  ]);
  return importIdentity({
    ...base,
    signPkcs8: new Uint8Array(signPkcs8),
    signSpki: new Uint8Array(signSpki),
  });
}

export async function twinIdentities(): Promise<[Identity, Identity]> {
  const { identity, exported } = await generateIdentity();
  const byDigit = new Map<string, Identity>([[identity.public.fingerprintHex[0]!, identity]]);
  for (;;) {
    const next = await withNewSignKey(exported);
    const twin = byDigit.get(next.public.fingerprintHex[0]!);
    if (twin) return [twin, next];
    byDigit.set(next.public.fingerprintHex[0]!, next);
  }
}
