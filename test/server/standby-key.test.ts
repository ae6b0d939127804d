/**
 * The standby key (server/group/standby-key.ts) with the real worker pool and keys: wrapped ahead
 * for the connected members, topped up for new ones with the same key, new for another epoch,
 * taken whole by a rotation (each chunk usable as it comes), and a key the pool cannot wrap
 * tried again later.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { WRAP_CHUNK, WrapPool } from "../../server/crypto/wrap-pool.ts";
import type { RekeyTarget } from "../../server/group/fanout.ts";
import { StandbyKey, type StandbyWrap } from "../../server/group/standby-key.ts";
import type { Logger } from "../../server/log.ts";
import { newSessionKey } from "../../server/state/new-group.ts";
import { fromBase64Url, toBase64Url } from "../../shared/bytes.ts";
import { generateIdentity } from "../../shared/identity.ts";
import { unwrapSessionKey } from "../../shared/key-delivery.ts";

const people = await Promise.all([generateIdentity(), generateIdentity(), generateIdentity()]);
const target = (i: number): RekeyTarget => ({
  fingerprint: people[i]!.identity.public.fingerprintHex,
  encKey: toBase64Url(people[i]!.exported.encSpki),
  encPublic: people[i]!.identity.encPublic,
});
const pool = new WrapPool(2);
after(() => pool.close());

interface StandbyTestOptions {
  delayMs?: number;
  sign?: (epoch: number, key: string) => Promise<string>;
  /** Called as a preparation starts (it asks what to prepare). */
  onNext?: () => void;
}

function standbyFor(
  next: { epoch: number; targets: RekeyTarget[] },
  options: StandbyTestOptions = {},
) {
  const {
    delayMs = 20,
    sign = (epoch: number, key: string) => Promise.resolve(`head ${epoch} ${key}`),
    onNext,
  } = options;
  const lines: string[] = [];
  const signed: string[] = [];
  const record = (text: string, fields: Record<string, unknown> = {}) =>
    lines.push(
      `${text} ${Object.entries(fields)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(" ")}`,
    );
  const log: Logger = { info: record, warn: record, error: record };
  const recordSign = (epoch: number, key: string) => {
    signed.push(`${epoch} ${key}`);
    return sign(epoch, key);
  };
  const asked = () => {
    onNext?.();
    return next;
  };
  const standby = new StandbyKey({
    pool,
    newKey: newSessionKey,
    sign: recordSign,
    next: asked,
    log,
    delayMs,
  });
  return { standby, lines, signed };
}

async function unwrapsTo(i: number, wrap: StandbyWrap | undefined, key: string): Promise<void> {
  const text = await wrap?.wrapped();
  assert.ok(text, `member ${i} has a wrap`);
  assert.deepEqual(
    await unwrapSessionKey(people[i]!.identity.encPrivate, fromBase64Url(text)),
    fromBase64Url(key),
  );
}

test("the next key is wrapped ahead for every connected member; a rotation takes it once", async () => {
  const next = { epoch: 5, targets: [0, 1, 2].map(target) };
  const { standby, lines, signed } = standbyFor(next);
  standby.schedule();
  standby.schedule(); // asks within the delay make one batch
  await standby.settled();
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^next key ready epoch=5 wrapped=3 members=3 ms=/);
  const taken = standby.take(5);
  assert.ok(taken);
  assert.equal(taken.epoch, 5);
  assert.deepEqual(
    signed,
    [`5 ${taken.key}`],
    "its rekey head signed once, for its own epoch and key",
  );
  assert.equal(await taken.head, `head 5 ${taken.key}`);
  for (const i of [0, 1, 2]) await unwrapsTo(i, taken.wraps.get(target(i).fingerprint), taken.key);
  assert.equal(standby.take(5), undefined, "taken once");
});

test("members connecting later get the same key; another epoch gets a new key; a standby for another epoch is dropped", async () => {
  const next = { epoch: 7, targets: [target(0)] };
  const { standby, lines } = standbyFor(next);
  standby.schedule();
  await standby.settled();
  next.targets = [target(0), target(1)];
  standby.schedule();
  await standby.settled();
  assert.deepEqual(
    lines.map((l) => /wrapped=(\d+) members=(\d+)/.exec(l)?.slice(1).join("/")),
    ["1/1", "1/2"],
  );
  // A member whose recorded key differs from the one wrapped for gets a new wrap.
  next.targets = [target(0), { ...target(2), fingerprint: target(1).fingerprint }];
  standby.schedule();
  await standby.settled();
  assert.match(lines[2]!, /wrapped=1 members=2/);
  const first = standby.take(7)!;
  await unwrapsTo(0, first.wraps.get(target(0).fingerprint), first.key);
  await unwrapsTo(2, first.wraps.get(target(1).fingerprint), first.key);

  next.epoch = 8;
  standby.schedule();
  await standby.settled();
  assert.equal(standby.take(9), undefined, "no standby for an epoch it was not made for");
  assert.equal(standby.take(8), undefined, "and the one it had is gone");
  standby.schedule();
  await standby.settled();
  const second = standby.take(8)!;
  assert.notEqual(second.key, first.key);
  await unwrapsTo(0, second.wraps.get(target(0).fingerprint), second.key);
});

test("a key the pool cannot wrap fails alone and is tried again next time", async () => {
  const ecKey = {
    encKey: toBase64Url(people[2]!.exported.signSpki),
    encPublic: people[2]!.identity.signPublic,
  };
  const next = { epoch: 3, targets: [target(0), { fingerprint: "f".repeat(64), ...ecKey }] };
  const { standby, lines } = standbyFor(next);
  standby.schedule();
  await standby.settled();
  assert.match(lines[0]!, /wrapped=1 failed=1 members=1/);
  standby.schedule();
  await standby.settled();
  assert.match(lines[1]!, /wrapped=0 failed=1 members=1/, "tried again");
  const taken = standby.take(3)!;
  assert.deepEqual([...taken.wraps.keys()], [target(0).fingerprint]);
});

test("a rotation taking the standby while it is being made gets each chunk's wraps as they come, every one; no ready line", async () => {
  // Three chunks: the first and the last go to the same worker, one after the other.
  const next = {
    epoch: 4,
    targets: Array.from({ length: 3 * WRAP_CHUNK }, (_, i) => ({
      ...target(i % 3),
      fingerprint: i.toString(16).padStart(64, "0"),
    })),
  };
  // Taken as soon as the preparation has started: its wraps are under way on the workers.
  let started: () => void = () => undefined;
  const preparing = new Promise<void>((resolve) => {
    started = resolve;
  });
  const { standby, lines } = standbyFor(next, { delayMs: 0, onNext: () => started() });
  standby.schedule();
  await preparing;
  const taken = standby.take(4);
  assert.ok(taken, "the timer fired and the wraps are under way");
  assert.equal(taken.wraps.size, 3 * WRAP_CHUNK);
  const wrapOf = (i: number) => taken.wraps.get(next.targets[i]!.fingerprint)!;
  assert.equal(wrapOf(0).made(), false, "nothing made yet");
  assert.equal((await wrapOf(0).wrapped())?.length, 512);
  assert.equal(wrapOf(0).made(), true);
  assert.equal(
    wrapOf(3 * WRAP_CHUNK - 1).made(),
    false,
    "the first chunk's wraps come before the last chunk is made",
  );
  const wraps = await Promise.all([...taken.wraps.values()].map((w) => w.wrapped()));
  assert.ok(wraps.every((w) => typeof w === "string" && w.length === 512));
  await unwrapsTo(1, taken.wraps.get(next.targets[1]!.fingerprint), taken.key);
  await standby.settled();
  assert.deepEqual(lines, []);
  standby.stop();
});

test("a head that fails to sign fails the rotation that takes it, and nothing when the standby is dropped", async () => {
  const failing = () => Promise.reject(new Error("signing failed"));
  const dropped = standbyFor({ epoch: 3, targets: [target(0)] }, { sign: failing });
  dropped.standby.schedule();
  await dropped.standby.settled();
  assert.equal(dropped.standby.take(4), undefined, "dropped: another epoch");
  await new Promise((r) => setTimeout(r, 50)); // an unhandled rejection would fail this test
  const taken = standbyFor({ epoch: 3, targets: [target(0)] }, { sign: failing });
  taken.standby.schedule();
  await taken.standby.settled();
  await assert.rejects(taken.standby.take(3)!.head, /signing failed/);
});
