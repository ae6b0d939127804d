/** The pure state transitions: caps on requests, approve/deny/kick/rotate, key policy, prefixes. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { blockOf } from "../../server/state/blocked-keys.ts";
import { findAllByPrefix, findByPrefix } from "../../server/state/find-by-prefix.ts";
import * as model from "../../server/state/group-model.ts";
import { parseGroupState } from "../../server/state/group-schema.ts";
import { fp, KEY, request, emptyState as state } from "./helpers/group-state.ts";

test("requests are capped per address and overall, oldest dropped first", () => {
  let s = state();
  const dropped: string[] = [];
  for (let n = 1; n <= model.MAX_PENDING_PER_ADDRESS + 2; n++) {
    const r = model.addPending(s, request(n));
    s = r.state;
    dropped.push(...r.dropped);
  }
  assert.equal(s.pending.length, model.MAX_PENDING_PER_ADDRESS);
  assert.equal(s.pending[0]!.name, "m3");
  assert.deepEqual(dropped, [fp(1), fp(2)]);
  for (let n = 10; n < 10 + model.MAX_PENDING + 5; n++)
    s = model.addPending(s, request(n, `10.1.${n}.1`)).state;
  assert.equal(s.pending.length, model.MAX_PENDING);
  assert.ok(!s.pending.some((p) => p.name === "m3"), "the oldest went first");
  const refreshed = model.addPending(s, { ...request(100, "10.1.100.1", 999), name: "renamed" });
  assert.equal(refreshed.state.pending.length, model.MAX_PENDING);
  assert.deepEqual(refreshed.dropped, []);
  assert.equal(refreshed.state.pending.find((p) => p.fingerprint === fp(100))?.name, "renamed");
});

test("approve, deny, kick and rotate move records as they should", () => {
  let s = model.addPending(state(), request(1)).state;
  s = model.addPending(s, request(2, "10.0.0.2")).state;
  s = model.rotate(s, KEY, "r", 5).state;
  const approved = model.approve(s, fp(1), 10);
  assert.equal(approved.member.joinedEpoch, 2);
  s = approved.state;
  assert.deepEqual(
    s.members.map((m) => m.fingerprint),
    [fp(1)],
  );
  s = model.deny(s, fp(2), 11).state;
  assert.equal(s.pending.length, 0);
  assert.equal(blockOf(s, fp(2)), "denied");
  assert.throws(() => model.approve(s, fp(2), 12), { code: "NOT_FOUND" });
  s = model.removeMember(s, fp(1), 13).state;
  assert.equal(s.members.length, 0);
  assert.equal(blockOf(s, fp(1)), "removed");
  assert.throws(() => model.removeMember(s, fp(1), 14), { code: "NOT_FOUND" });
});

test("epochsFor follows the history policy and haveEpoch", () => {
  let s = state();
  for (let i = 0; i < 4; i++) s = model.rotate(s, KEY, "r", i).state;
  const member = {
    fingerprint: fp(1),
    signKey: "A",
    encKey: "A",
    name: "m",
    joinedEpoch: 3,
    approvedAt: 0,
  };
  assert.deepEqual(
    model.epochsFor(s, member, 0, 100).map((e) => e.epoch),
    [1, 2, 3, 4, 5],
  );
  assert.deepEqual(
    model.epochsFor(s, member, 4, 100).map((e) => e.epoch),
    [5],
  );
  assert.deepEqual(
    model.epochsFor(s, member, 9, 100).map((e) => e.epoch),
    [],
  );
  const sinceJoin = { ...s, history: "since-join" as const };
  assert.deepEqual(
    model.epochsFor(sinceJoin, member, 0, 100).map((e) => e.epoch),
    [3, 4, 5],
  );
  assert.deepEqual(
    model.epochsFor(s, member, 0, 2).map((e) => e.epoch),
    [1, 2],
  );
});

test("the audit log keeps the newest entries", () => {
  let s = state();
  for (let i = 0; i < model.MAX_LOG_ENTRIES + 10; i++)
    s = model.appendLog(s, { at: i, event: "e", text: String(i) });
  assert.equal(s.log.length, model.MAX_LOG_ENTRIES);
  assert.equal(s.log.at(-1)?.text, String(model.MAX_LOG_ENTRIES + 9));
});

test("prefixes name exactly one record", () => {
  const items = [
    { fingerprint: `ab12${"0".repeat(60)}`, name: "a" },
    { fingerprint: `ab34${"0".repeat(60)}`, name: "b" },
  ];
  assert.equal(findByPrefix(items, "AB1", "member").name, "a");
  assert.equal(findByPrefix(items, "ab 34", "member").name, "b");
  assert.throws(() => findByPrefix(items, "ab", "member"), {
    code: "CONFLICT",
    message: /2 members start with ab/,
  });
  assert.throws(() => findByPrefix(items, "cd", "member"), { code: "NOT_FOUND" });
  assert.throws(() => findByPrefix(items, "xyz", "member"), { code: "INVALID_ARGUMENT" });
  // Several at once: each must match one; one named twice is listed once, in first-named order.
  assert.deepEqual(
    findAllByPrefix(items, ["ab3", "ab1", "AB34"], "member").map((i) => i.name),
    ["b", "a"],
  );
  assert.throws(() => findAllByPrefix(items, ["ab1", "cd"], "member"), { code: "NOT_FOUND" });
  assert.throws(() => findAllByPrefix(items, ["ab1", "ab"], "member"), { code: "CONFLICT" });
});

test("the file schema refuses gaps, duplicates and strangers", () => {
  const good = state();
  assert.deepEqual(parseGroupState(JSON.parse(JSON.stringify(good))), good);
  const gap = { ...good, epochs: [{ ...good.epochs[0]!, epoch: 2 }] };
  assert.throws(() => parseGroupState(gap), {
    code: "VAULT_CORRUPT",
    message: /epoch 1 is missing/,
  });
  const m = {
    fingerprint: fp(1),
    signKey: "A",
    encKey: "A",
    name: "m",
    joinedEpoch: 1,
    approvedAt: 0,
  };
  assert.throws(() => parseGroupState({ ...good, members: [m, m] }), { message: /appears twice/ });
  assert.throws(() => parseGroupState({ ...good, extra: 1 }), { code: "VAULT_CORRUPT" });
  assert.throws(() => parseGroupState({ ...good, members: [{ ...m, joinedEpoch: 7 }] }), {
    message: /unknown epoch/,
  });
});
