/** The pure state transitions: caps on requests, approve/deny/kick/rotate, key policy, prefixes. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { blockOf } from "../../server/state/blocked-keys.ts";
import { findAllByPrefix, findByPrefix } from "../../server/state/find-by-prefix.ts";
import * as model from "../../server/state/group-model.ts";
import { parseGroupState } from "../../server/state/group-schema.ts";
import { fp, KEY, request, emptyState as state } from "./helpers/group-state.ts";

test("requests are capped per address and overall; the newcomer is refused, nobody dropped", () => {
  let s = state();
  for (let n = 1; n <= model.MAX_PENDING_PER_ADDRESS; n++)
    s = model.addPending(s, request(n)).state;
  assert.throws(() => model.addPending(s, request(99)), {
    code: "RATE_LIMITED",
    message: /from your address are waiting already/,
  });
  assert.deepEqual(
    s.pending.map((p) => p.fingerprint),
    [1, 2, 3, 4, 5].map(fp),
    "the waiting requests stay",
  );
  for (let n = 10; s.pending.length < model.MAX_PENDING; n++)
    s = model.addPending(s, request(n, `10.1.${n}.1`)).state;
  assert.throws(() => model.addPending(s, request(500, "10.9.9.9")), {
    code: "JOIN_QUEUE_FULL",
    message: /join queue is full/,
  });
  assert.equal(s.pending[0]!.fingerprint, fp(1), "the oldest is still first");
  // A key already waiting may change its name or address, full queue or not, in its place.
  const refreshed = model.addPending(s, { ...request(3, "10.0.0.1", 999), name: "renamed" }).state;
  assert.equal(refreshed.pending.length, model.MAX_PENDING);
  assert.equal(refreshed.pending[2]!.name, "renamed");
});

test("the request log keeps one entry a key, and never touches the admin's log", () => {
  let s = model.appendLog(state(), { at: 0, event: "approve", text: "alice" });
  for (let i = 0; i < 3000; i++)
    s = model.logRequest(s, { ...request(1, `10.0.${i % 250}.1`), name: `m ${i}` }, 10 + i);
  assert.deepEqual(s.requestLog, [
    {
      fingerprint: fp(1),
      name: "m 2999",
      address: "10.0.249.1",
      first: 10,
      at: 3009,
      count: 3000,
    },
  ]);
  for (let n = 2; n < 2 + model.MAX_REQUEST_LOG_ENTRIES + 50; n++)
    s = model.logRequest(s, request(n), 10_000 + n);
  assert.equal(s.requestLog.length, model.MAX_REQUEST_LOG_ENTRIES);
  assert.ok(!s.requestLog.some((e) => e.fingerprint === fp(1)), "the quietest key went first");
  assert.deepEqual(s.log, [{ at: 0, event: "approve", text: "alice" }]);
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
  const [a, b] = [items[0]!.fingerprint, items[1]!.fingerprint];
  assert.equal(findByPrefix(items, a.slice(0, 16).toUpperCase(), "member").name, "a");
  assert.equal(findByPrefix(items, "ab34 0000 0000 0000", "member").name, "b");
  assert.equal(findByPrefix(items, "ab:34:00:00:00:00:00:00", "member").name, "b");
  assert.throws(() => findByPrefix(items, "ab00000000000000", "member"), { code: "NOT_FOUND" });
  assert.throws(() => findByPrefix(items, "xyz", "member"), { code: "INVALID_ARGUMENT" });
  // Fewer than 16 hex digits name nothing, even when they match one: a key made to look alike
  // would match them too.
  for (const short of ["ab1", "AB12", "ab12000000", "ab1200000000000"])
    assert.throws(() => findByPrefix(items, short, "member"), {
      code: "INVALID_ARGUMENT",
      message: /at least 16 hex digits .*look alike/,
    });
  // Two keys that agree on 16 digits or more: more digits are asked for.
  const twins = [
    { fingerprint: `${"7".repeat(20)}${"0".repeat(44)}`, name: "x" },
    { fingerprint: `${"7".repeat(20)}${"1".repeat(44)}`, name: "y" },
  ];
  assert.throws(() => findByPrefix(twins, "7".repeat(16), "member"), {
    code: "CONFLICT",
    message: /2 members start with 7{16}/,
  });
  assert.equal(findByPrefix(twins, `${"7".repeat(20)}1`, "member").name, "y");
  // Several at once: each must match one; one named twice is listed once, in first-named order.
  assert.deepEqual(
    findAllByPrefix(items, [b.slice(0, 16), a.slice(0, 20), b.toUpperCase()], "member").map(
      (i) => i.name,
    ),
    ["b", "a"],
  );
  assert.throws(() => findAllByPrefix(items, [a, "cd00000000000000"], "member"), {
    code: "NOT_FOUND",
  });
  assert.throws(() => findAllByPrefix(items, [a, "ab1"], "member"), { code: "INVALID_ARGUMENT" });
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
  const asked = { fingerprint: fp(1), name: "m", address: "a", first: 1, at: 2, count: 2 };
  assert.throws(() => parseGroupState({ ...good, requestLog: [asked, asked] }), {
    message: /request log entry .* appears twice/,
  });
  assert.throws(() => parseGroupState({ ...good, requestLog: [{ ...asked, count: 0 }] }), {
    code: "VAULT_CORRUPT",
  });
});

test("a group file written before requests had a log of their own still opens", () => {
  const { requestLog: _, ...older } = state();
  const request = { at: 5, event: "request", text: `"m" ${fp(1)} from 10.0.0.1` };
  const parsed = parseGroupState({ ...older, log: [request] });
  assert.deepEqual(parsed.requestLog, []);
  assert.deepEqual(parsed.log, [request], "its requests stay where they were written");
});

test("requests are capped per network too: many addresses of one /24 (or /64) count together", () => {
  let s = state();
  for (let n = 1; n <= model.MAX_PENDING_PER_NETWORK; n++)
    s = model.addPending(s, request(n, `198.51.100.${n}`)).state;
  assert.throws(() => model.addPending(s, request(900, "198.51.100.250")), {
    code: "RATE_LIMITED",
    message: /from your network are waiting already/,
  });
  assert.throws(() => model.addPending(s, request(901, "::ffff:198.51.100.251")), {
    code: "RATE_LIMITED",
  });
  s = model.addPending(s, request(902, "198.51.101.1")).state;
  for (let n = 1; n <= model.MAX_PENDING_PER_NETWORK; n++)
    s = model.addPending(s, request(1000 + n, `2001:db8:0:1::${n.toString(16)}`)).state;
  assert.throws(() => model.addPending(s, request(1999, "2001:db8:0:1:ffff::1")), {
    code: "RATE_LIMITED",
  });
  assert.equal(model.addPending(s, request(2000, "2001:db8:0:2::1")).state.pending.length, 42);
});
