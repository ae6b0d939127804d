/**
 * A failed auth costs the same work whether the keys it presents are a member's (whose keys the
 * cache holds) or a stranger's: the fingerprint's hash and the signing key's import, never the
 * RSA import, never a cache hit, so its answer cannot be timed to tell members apart. Counted
 * through verifyAuth's key operations.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { AuthKeyCache } from "../../server/net/auth-key-cache.ts";
import { type AuthKeyOps, KEY_OPS, verifyAuth } from "../../server/net/verify-auth.ts";
import { randomBytes, toBase64Url } from "../../shared/bytes.ts";
import type { Identity } from "../../shared/identity.ts";
import type { Auth } from "../../shared/protocol/messages.ts";
import { signStatement } from "../../shared/signed-statements.ts";
import { codeOf } from "../helpers/error-code.ts";
import { identities } from "./helpers/members.ts";

const [alice, stranger, mallory] = (await identities(3)) as [Identity, Identity, Identity];
const GROUP = "g1";
const SERVER_FP = randomBytes(32);

/** An auth signed by `signer` over `nonce`, presenting `keysOf`'s public keys. */
async function authBy(signer: Identity, keysOf: Identity, nonce: Uint8Array): Promise<Auth> {
  const clientNonce = randomBytes(32);
  const signature = await signStatement(signer.signPrivate, {
    purpose: "auth",
    nonce,
    clientNonce,
    groupId: GROUP,
    serverFingerprint: SERVER_FP,
    memberFingerprint: keysOf.public.fingerprint,
  });
  return {
    type: "auth",
    signKey: toBase64Url(keysOf.public.signSpki),
    encKey: toBase64Url(keysOf.public.encSpki),
    name: "n",
    haveEpoch: 0,
    clientNonce: toBase64Url(clientNonce),
    signature: toBase64Url(signature),
  };
}

test("a failed auth does the same work for a member's keys as for a stranger's", async () => {
  const calls: string[] = [];
  const counted =
    <A extends unknown[], R>(name: string, op: (...args: A) => R) =>
    (...args: A): R => {
      calls.push(name);
      return op(...args);
    };
  const ops: AuthKeyOps = {
    fingerprint: counted("fingerprint", KEY_OPS.fingerprint),
    importSign: counted("importSign", KEY_OPS.importSign),
    importEnc: counted("importEnc", KEY_OPS.importEnc),
  };
  const cache = new AuthKeyCache();
  const context = (nonce: Uint8Array) => ({
    nonce,
    groupId: GROUP,
    serverFingerprint: SERVER_FP,
    keys: cache,
    member: (fp: string) =>
      fp === alice.public.fingerprintHex
        ? { signKey: toBase64Url(alice.public.signSpki), encKey: toBase64Url(alice.public.encSpki) }
        : undefined,
    ops,
  });
  const workOf = async (signer: Identity, keysOf: Identity) => {
    calls.length = 0;
    const nonce = randomBytes(32);
    const code = await codeOf(async () =>
      verifyAuth(await authBy(signer, keysOf, nonce), context(nonce)),
    );
    return { code, calls: [...calls].sort() };
  };

  // Alice connects: her keys are now in the cache.
  assert.equal((await workOf(alice, alice)).code, undefined);
  assert.equal(cache.size, 1);

  // Mallory presents alice's public keys, then a stranger's, signing with her own key.
  const asMember = await workOf(mallory, alice);
  const asStranger = await workOf(mallory, stranger);
  assert.equal(asMember.code, "AUTH_FAILED");
  assert.deepEqual(asMember, asStranger, "the same answer after the same work");
  assert.deepEqual(
    asMember.calls,
    ["fingerprint", "importSign"],
    "no RSA import before the signature holds",
  );
  // Alice's next connection still skips the RSA import (her signature holds).
  assert.deepEqual(await workOf(alice, alice), {
    code: undefined,
    calls: ["fingerprint", "importSign"],
  });
});
