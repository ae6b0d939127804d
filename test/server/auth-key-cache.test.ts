/**
 * Members' keys kept between connections: found only by both exact key texts, most recently used
 * kept within the limit, forgotten on kick, the signing key never kept; verifyAuth fills it with
 * members' keys only and still checks every signature.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { AuthKeyCache, type KnownKeys } from "../../server/net/auth-key-cache.ts";
import { verifyAuth } from "../../server/net/verify-auth.ts";
import { randomBytes, toBase64Url } from "../../shared/bytes.ts";
import { computeFingerprint, type Identity } from "../../shared/identity.ts";
import type { Auth } from "../../shared/protocol/messages.ts";
import { signStatement } from "../../shared/signed-statements.ts";
import { codeOf } from "../helpers/error-code.ts";
import { identities } from "./helpers/members.ts";

const [alice, bob] = await identities(2);
const GROUP = "g1";
const SERVER_FP = randomBytes(32);

const texts = (identity: Identity) => ({
  signKey: toBase64Url(identity.public.signSpki),
  encKey: toBase64Url(identity.public.encSpki),
});

/** Stand-in keys: the cache only stores and returns them. */
function keysOf(identity: Identity): KnownKeys {
  const { fingerprint, fingerprintHex } = identity.public;
  return { fingerprint, fingerprintHex, encPublic: identity.signPrivate };
}

async function authBy(
  identity: Identity,
  nonce: Uint8Array,
  keys = identity.public,
  memberFingerprint = identity.public.fingerprint,
): Promise<Auth> {
  const clientNonce = randomBytes(32);
  const signature = await signStatement(identity.signPrivate, {
    purpose: "auth",
    nonce,
    clientNonce,
    groupId: GROUP,
    serverFingerprint: SERVER_FP,
    memberFingerprint,
  });
  const texts = { signKey: toBase64Url(keys.signSpki), encKey: toBase64Url(keys.encSpki) };
  return {
    type: "auth",
    ...texts,
    name: "n",
    haveEpoch: 0,
    clientNonce: toBase64Url(clientNonce),
    signature: toBase64Url(signature),
  };
}

test("the cache finds keys by both texts only, keeps the most recently used within its limit, forgets a fingerprint", () => {
  const cache = new AuthKeyCache(2);
  cache.remember({ signKey: "sA", encKey: "eA" }, keysOf(alice!));
  cache.remember({ signKey: "sB", encKey: "eB" }, keysOf(bob!));
  assert.equal(cache.get("sA", "eA")?.fingerprintHex, alice!.public.fingerprintHex);
  assert.equal(cache.get("sA", "eB"), undefined, "another encryption key is another member");
  assert.equal(cache.get("eA", "sA"), undefined);
  cache.remember({ signKey: "sC", encKey: "eC" }, keysOf(bob!)); // sA was used last: sB goes
  assert.deepEqual(
    [cache.size, cache.get("sB", "eB"), cache.get("sA", "eA")?.fingerprintHex],
    [2, undefined, alice!.public.fingerprintHex],
  );
  cache.forget(alice!.public.fingerprintHex);
  assert.deepEqual([cache.size, cache.get("sA", "eA")], [1, undefined]);
  cache.forget(alice!.public.fingerprintHex); // twice: nothing left to forget
  cache.forget(bob!.public.fingerprintHex);
  assert.equal(cache.size, 0);
  // Only the known fields are kept, whatever else the caller's object carries.
  cache.remember({ signKey: "sA", encKey: "eA" }, {
    ...keysOf(alice!),
    signPublic: alice!.signPrivate,
  } as KnownKeys);
  assert.deepEqual(Object.keys(cache.get("sA", "eA") ?? {}).sort(), [
    "encPublic",
    "fingerprint",
    "fingerprintHex",
  ]);
});

test("verifyAuth keeps a member's keys, reuses them on the next connection, and still checks each signature", async () => {
  const cache = new AuthKeyCache();
  const context = (nonce: Uint8Array) => ({
    nonce,
    groupId: GROUP,
    serverFingerprint: SERVER_FP,
    keys: cache,
    member: (fp: string) => (fp === alice!.public.fingerprintHex ? texts(alice!) : undefined),
  });
  const first = randomBytes(32);
  const verified = await verifyAuth(await authBy(alice!, first), context(first));
  assert.equal(verified.fingerprintHex, alice!.public.fingerprintHex);
  assert.equal(cache.size, 1);

  const second = randomBytes(32);
  const again = await verifyAuth(await authBy(alice!, second), context(second));
  assert.equal(
    again.encPublic,
    verified.encPublic,
    "the encryption key imported at the first connection",
  );

  // Cached keys, but a signature over another connection's nonce: refused.
  const replayed = await authBy(alice!, first);
  assert.equal(await codeOf(() => verifyAuth(replayed, context(second))), "AUTH_FAILED");

  // A stranger is verified but not kept; alice's signing key with bob's encryption key is another fingerprint.
  const third = randomBytes(32);
  assert.equal(
    (await verifyAuth(await authBy(bob!, third), context(third))).fingerprintHex,
    bob!.public.fingerprintHex,
  );
  const mixed = { ...alice!.public, encSpki: bob!.public.encSpki };
  const mixedFp = await computeFingerprint(mixed.signSpki, mixed.encSpki);
  const fourth = randomBytes(32);
  const other = await verifyAuth(await authBy(alice!, fourth, mixed, mixedFp), context(fourth));
  assert.notEqual(other.fingerprintHex, alice!.public.fingerprintHex);
  assert.equal(cache.size, 1, "only alice's keys are kept");
});
