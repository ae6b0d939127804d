/**
 * Saving and pushing a new epoch (server/group/epoch-push.ts), with the real worker pool, keys
 * and link registry; the links record what they are sent. Nothing leaves before the save; a
 * failed save sends nothing; a member admitted during the save still gets its rekey, once.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { WrapPool } from "../../server/crypto/wrap-pool.ts";
import { pushEpoch } from "../../server/group/epoch-push.ts";
import { rekeyHead } from "../../server/group/fanout.ts";
import { LinkRegistry, type MemberLink } from "../../server/group/links.ts";
import type { StandbyWrap } from "../../server/group/standby-key.ts";
import { fromBase64Url, randomBytes, toBase64Url } from "../../shared/bytes.ts";
import { generateIdentity } from "../../shared/identity.ts";
import { commitSessionKey, unwrapSessionKey, wrapSessionKey } from "../../shared/key-delivery.ts";
import { generateServerIdentity } from "../../shared/server-identity.ts";

type Person = Awaited<ReturnType<typeof generateIdentity>>;

function recordingLink(person: Person, sent: string[]): MemberLink {
  return {
    address: "127.0.0.1",
    nonce: randomBytes(32),
    auth: {
      fingerprint: person.identity.public.fingerprint,
      fingerprintHex: person.identity.public.fingerprintHex,
      spki: undefined,
      encPublic: person.identity.encPublic,
      name: "m",
      haveEpoch: 0,
      clientNonce: randomBytes(32),
    },
    isOpen: () => true,
    send: (message) => sent.push(JSON.stringify(message)),
    sendText: (text) => sent.push(text),
    close: () => undefined,
  };
}

async function setting(count: number) {
  const people = await Promise.all(Array.from({ length: count }, () => generateIdentity()));
  const { identity } = await generateServerIdentity();
  const key = randomBytes(32);
  const material = {
    epoch: 2,
    key,
    commitment: await commitSessionKey(identity.groupId, 2, key),
    commitmentB64: "",
  };
  material.commitmentB64 = toBase64Url(material.commitment);
  const staying = new Map(
    people.map((p) => [p.identity.public.fingerprintHex, toBase64Url(p.exported.encSpki)]),
  );
  return { people, identity, material, staying, members: new LinkRegistry() };
}

test("rekeys leave only after the save, and unwrap to the new key", async () => {
  const s = await setting(3);
  const sent = s.people.map(() => [] as string[]);
  for (const [i, p] of s.people.entries()) s.members.add(recordingLink(p, sent[i]!));
  const pool = new WrapPool(2);
  let sentDuringSave = -1;
  try {
    const result = await pushEpoch({
      ...s,
      previousEpoch: 1,
      pool,
      save: async () => {
        await new Promise((r) => setTimeout(r, 200)); // long enough for every wrap to finish
        sentDuringSave = sent.flat().length;
      },
      announce: () => undefined,
    });
    assert.equal(sentDuringSave, 0, "nothing was sent before the save ended");
    assert.deepEqual(result, { notified: 3, failed: 0 });
    for (const [i, person] of s.people.entries()) {
      assert.equal(sent[i]!.length, 1);
      const rekey = JSON.parse(sent[i]![0]!) as {
        type: string;
        epoch: number;
        previousEpoch: number;
        wrapped: string;
      };
      assert.deepEqual([rekey.type, rekey.epoch, rekey.previousEpoch], ["rekey", 2, 1]);
      assert.deepEqual(
        await unwrapSessionKey(person.identity.encPrivate, fromBase64Url(rekey.wrapped)),
        s.material.key,
      );
    }
  } finally {
    await pool.close();
  }
});

test("a failed save sends nothing and fails the push", async () => {
  const s = await setting(2);
  const sent: string[] = [];
  for (const p of s.people) s.members.add(recordingLink(p, sent));
  const pool = new WrapPool(1);
  try {
    await assert.rejects(
      pushEpoch({
        ...s,
        previousEpoch: 1,
        pool,
        save: () => Promise.reject(new Error("disk full")),
        announce: () => undefined,
      }),
      /disk full/,
    );
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(sent, []);
  } finally {
    await pool.close();
  }
});

test("a member admitted during the save gets its rekey once; a removed one gets none; no pool: WebCrypto", async () => {
  const s = await setting(3);
  const [early, late, removed] = s.people as [Person, Person, Person];
  s.staying.delete(removed.identity.public.fingerprintHex);
  const sent = { early: [] as string[], late: [] as string[], removed: [] as string[] };
  s.members.add(recordingLink(early, sent.early));
  s.members.add(recordingLink(removed, sent.removed));
  const result = await pushEpoch({
    ...s,
    previousEpoch: 1,
    pool: undefined,
    save: async () => {
      s.members.add(recordingLink(late, sent.late));
    },
    announce: () => undefined,
  });
  assert.deepEqual(result, { notified: 2, failed: 0 });
  assert.equal(sent.early.length, 1);
  assert.equal(sent.late.length, 1);
  assert.deepEqual(sent.removed, []);
  const wrapped = (JSON.parse(sent.late[0]!) as { wrapped: string }).wrapped;
  assert.deepEqual(
    await unwrapSessionKey(late.identity.encPrivate, fromBase64Url(wrapped)),
    s.material.key,
  );
});

test("wraps made ahead are sent as made; one for another key, or one that failed, is replaced; a removed member gets none", async () => {
  const s = await setting(4);
  const [ahead, otherKey, failed, removed] = s.people as [Person, Person, Person, Person];
  s.staying.delete(removed.identity.public.fingerprintHex);
  const sent = new Map(s.people.map((p) => [p, [] as string[]]));
  for (const p of s.people) s.members.add(recordingLink(p, sent.get(p)!));
  const wrapFor = async (p: Person) =>
    toBase64Url(await wrapSessionKey(p.identity.encPublic, s.material.key));
  const encKey = (p: Person) => toBase64Url(p.exported.encSpki);
  const aheadWrap = await wrapFor(ahead);
  const made = () => true;
  const prewrapped = new Map<string, StandbyWrap>([
    [
      ahead.identity.public.fingerprintHex,
      { encKey: encKey(ahead), made, wrapped: () => Promise.resolve(aheadWrap) },
    ],
    [
      otherKey.identity.public.fingerprintHex,
      { encKey: encKey(failed), made, wrapped: () => wrapFor(failed) },
    ],
    [
      failed.identity.public.fingerprintHex,
      { encKey: encKey(failed), made, wrapped: () => Promise.resolve(undefined) },
    ],
    [
      removed.identity.public.fingerprintHex,
      { encKey: encKey(removed), made, wrapped: () => wrapFor(removed) },
    ],
  ]);
  const pool = new WrapPool(1);
  try {
    const result = await pushEpoch({
      ...s,
      previousEpoch: 1,
      pool,
      prewrapped,
      save: async () => undefined,
      announce: () => undefined,
    });
    assert.deepEqual(result, { notified: 3, failed: 0 });
    const wrappedOf = (p: Person) => {
      assert.equal(sent.get(p)!.length, 1);
      return (JSON.parse(sent.get(p)![0]!) as { wrapped: string }).wrapped;
    };
    assert.equal(wrappedOf(ahead), aheadWrap, "the wrap made ahead is the one sent");
    for (const p of [ahead, otherKey, failed]) {
      assert.deepEqual(
        await unwrapSessionKey(p.identity.encPrivate, fromBase64Url(wrappedOf(p))),
        s.material.key,
      );
    }
    assert.deepEqual(sent.get(removed), []);
  } finally {
    await pool.close();
  }
});

test("a head signed ahead is sent as given; one that failed to sign sends nothing and fails the push", async () => {
  const s = await setting(2);
  const sent: string[] = [];
  for (const p of s.people) s.members.add(recordingLink(p, sent));
  const signed = await rekeyHead(s.identity, s.material, 1);
  const head = Promise.resolve(signed.replace('"type":"rekey"', '"type":"rekey","mark":1'));
  const result = await pushEpoch({
    ...s,
    previousEpoch: 1,
    pool: undefined,
    head,
    save: async () => undefined,
    announce: () => undefined,
  });
  assert.deepEqual(result, { notified: 2, failed: 0 });
  for (const text of sent)
    assert.ok(text.startsWith(await head), "the given head, not one signed here");
  sent.length = 0;
  const broken = Promise.reject(new Error("signing failed"));
  await assert.rejects(
    pushEpoch({
      ...s,
      previousEpoch: 1,
      pool: undefined,
      head: broken,
      save: async () => undefined,
      announce: () => undefined,
    }),
    /signing failed/,
  );
  assert.deepEqual(sent, []);
});
