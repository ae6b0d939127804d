/** Journal changes: every step of a group's life is a small change whose replay gives the state back. */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as v from "valibot";
import * as model from "../../server/state/group-model.ts";
import { type GroupState, parseGroupState } from "../../server/state/group-schema.ts";
import {
  applyGroupChange,
  diffGroupState,
  GroupChangeSchema,
} from "../../server/store/group-change.ts";
import type { GryptError } from "../../shared/errors.ts";
import { emptyState, fp, KEY, request } from "./helpers/group-state.ts";

/** As the journal does it: the change through JSON and its schema, applied to a parsed copy. */
function replay(base: GroupState, next: GroupState): GroupState {
  const change = diffGroupState(base, next);
  assert.ok(change, "a change of the usual shape");
  const parsed = v.parse(GroupChangeSchema, JSON.parse(JSON.stringify(change)));
  return parseGroupState(
    applyGroupChange(parseGroupState(JSON.parse(JSON.stringify(base))), parsed),
  );
}

/** A deterministic pseudo-random walk through the model's operations. */
function* walk(start: GroupState, steps: number): Generator<GroupState> {
  let s = start;
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let i = 1; i <= steps; i++) {
    const log = (event: string) => (x: GroupState) =>
      model.appendLog(x, { at: i, event, text: `${event} ${i}` });
    switch (rand(6)) {
      case 0: {
        // A new key, or now and then a waiting one under a new name: one request log entry a key.
        const again = rand(3) === 0 ? s.pending[rand(Math.max(1, s.pending.length))] : undefined;
        const asked = again
          ? { ...again, name: `renamed ${i}` }
          : request(i, `10.0.${rand(3)}.1`, i);
        try {
          s = model.logRequest(model.addPending(s, asked).state, asked, i);
        } catch (error) {
          if (!["RATE_LIMITED", "JOIN_QUEUE_FULL"].includes((error as GryptError).code))
            throw error;
        }
        break;
      }
      case 1: {
        const pending = s.pending[rand(Math.max(1, s.pending.length))];
        if (pending) s = log("approve")(model.approve(s, pending.fingerprint, i).state);
        break;
      }
      case 2: {
        const pending = s.pending[rand(Math.max(1, s.pending.length))];
        if (pending) s = log("deny")(model.deny(s, pending.fingerprint, i).state);
        break;
      }
      case 3: {
        const member = s.members[rand(Math.max(1, s.members.length))];
        if (member)
          s = log("kick")(
            model.rotate(model.removeMember(s, member.fingerprint, i).state, KEY, "kick", i).state,
          );
        break;
      }
      case 4:
        s = log("rotate")(model.rotate(s, KEY, `r${i}`, i).state);
        break;
      default:
        s = log("policy")({ ...s, history: s.history === "all" ? "since-join" : "all" });
    }
    yield s;
  }
}

test("each step of a long walk replays from a small change, log trimming included", () => {
  // A log close to full, so that the walk trims it.
  let base = emptyState();
  for (let i = 0; i < model.MAX_LOG_ENTRIES - 200; i++)
    base = model.appendLog(base, { at: 0, event: "old", text: String(i) });
  for (const next of walk(base, 600)) {
    assert.deepEqual(replay(base, next), next);
    base = next;
  }
  assert.equal(base.log.length, model.MAX_LOG_ENTRIES);
  assert.ok(!base.log.some((e) => e.text === "0"), "the oldest entries went");
  assert.ok(
    base.requestLog.some((e) => e.count > 1),
    "a key asked again",
  );
});

test("coalesced steps (several changes at once) replay too", () => {
  const start = emptyState();
  const states = [start, ...walk(start, 400)];
  for (let from = 0; from < states.length - 1; from += 37) {
    const to = Math.min(states.length - 1, from + 1 + (from % 23));
    assert.deepEqual(replay(states[from]!, states[to]!), states[to]);
  }
});

test("a change records only what changed: a rotation in a large group is one epoch and one log entry", () => {
  let s = emptyState();
  for (let n = 1; n <= 500; n++)
    s = model.approve(
      model.addPending(s, request(n, `10.${n >> 8}.${n & 255}.1`)).state,
      fp(n),
      n,
    ).state;
  const rotated = model.appendLog(model.rotate(s, KEY, "weekly", 1).state, {
    at: 1,
    event: "rotate",
    text: "epoch 2",
  });
  const change = diffGroupState(s, rotated);
  assert.deepEqual(Object.keys(change ?? {}).sort(), ["epochs", "log"]);
  assert.ok(JSON.stringify(change).length < 300);
  assert.deepEqual(diffGroupState(rotated, rotated), {}, "no change, nothing to write");
});

test("what is not a change of that shape asks for a full rewrite", () => {
  const s = model.rotate(
    model.appendLog(emptyState(), { at: 1, event: "x", text: "one" }),
    KEY,
    "r",
    1,
  ).state;
  assert.equal(
    diffGroupState(s, { ...s, epochs: s.epochs.slice(0, 1) }),
    undefined,
    "epochs dropped",
  );
  assert.equal(
    diffGroupState(s, { ...s, epochs: [...s.epochs].reverse() }),
    undefined,
    "epochs reordered",
  );
  assert.equal(
    diffGroupState(s, { ...s, log: [{ at: 2, event: "y", text: "other" }] }),
    undefined,
    "log replaced",
  );
  const two = model.approve(
    model.approve(
      model.addPending(model.addPending(s, request(1)).state, request(2)).state,
      fp(1),
      1,
    ).state,
    fp(2),
    2,
  ).state;
  const swapped = { ...two, members: [two.members[1]!, two.members[0]!] };
  assert.equal(diffGroupState(two, swapped), undefined, "members reordered");
});

test("a request log entry is put when a key asks (again), and gone when a new key replaces it", () => {
  let s = emptyState();
  for (let n = 1; n <= model.MAX_REQUEST_LOG_ENTRIES; n++)
    s = model.logRequest(s, request(n, "10.0.0.1"), 1000 + n);
  const renamed = model.logRequest(s, { ...request(1, "10.0.0.9"), name: "again" }, 5000);
  let change = diffGroupState(s, renamed);
  assert.deepEqual(Object.keys(change ?? {}), ["requestLog"]);
  assert.deepEqual(change?.requestLog?.gone, []);
  assert.deepEqual(change?.requestLog?.put, [
    { fingerprint: fp(1), name: "again", address: "10.0.0.9", first: 1001, at: 5000, count: 2 },
  ]);
  assert.deepEqual(replay(s, renamed), renamed);
  // A new key: the entry whose key asked longest ago (2, since 1 asked again) makes room.
  const newcomer = model.logRequest(renamed, request(9999, "10.0.0.2"), 6000);
  change = diffGroupState(renamed, newcomer);
  assert.deepEqual(change?.requestLog?.gone, [fp(2)]);
  assert.deepEqual(
    change?.requestLog?.put.map((e) => e.fingerprint),
    [fp(9999)],
  );
  assert.ok(JSON.stringify(change).length < 400);
  assert.deepEqual(replay(renamed, newcomer), newcomer);
  assert.equal(newcomer.requestLog.length, model.MAX_REQUEST_LOG_ENTRIES);
});

test("the change schema refuses what a journal line must not carry", () => {
  const bad = [
    { epochs: [{ epoch: 0, key: KEY, created: 0, reason: "" }] },
    { members: { put: [], gone: ["not a fingerprint"] } },
    { removed: { put: [{ fingerprint: fp(1) }], gone: [] } },
    { set: { members: [] } },
    { set: { removed: [] } },
    { set: { unknown: 1 } },
    { extra: true },
  ];
  for (const change of bad)
    assert.equal(v.safeParse(GroupChangeSchema, change).success, false, JSON.stringify(change));
});

test("a kick in a group that removed thousands of keys writes one removal, not the whole list", () => {
  let s = emptyState();
  s = {
    ...s,
    removed: Array.from({ length: 5000 }, (_, i) => ({
      fingerprint: fp(10_000 + i),
      name: `gone ${i}`,
      removedAt: i,
    })),
  };
  s = model.approve(model.addPending(s, request(1)).state, fp(1), 1).state;
  const kicked = model.rotate(model.removeMember(s, fp(1), 2).state, KEY, "kick", 2).state;
  const change = diffGroupState(s, kicked);
  assert.deepEqual(
    change?.removed?.put.map((r) => r.fingerprint),
    [fp(1)],
  );
  assert.deepEqual(change?.members, { put: [], gone: [fp(1)] });
  assert.ok(JSON.stringify(change).length < 600);
  assert.deepEqual(replay(s, kicked), kicked);
});

test("a deny in a group that denied thousands of keys writes one denial, not the whole list", () => {
  let s: GroupState = {
    ...emptyState(),
    denied: Array.from({ length: 5000 }, (_, i) => ({
      fingerprint: fp(10_000 + i),
      name: `no ${i}`,
      deniedAt: i,
    })),
  };
  s = model.addPending(s, request(1)).state;
  const denied = model.appendLog(model.deny(s, fp(1), 2).state, {
    at: 2,
    event: "deny",
    text: "m1",
  });
  const change = diffGroupState(s, denied);
  assert.deepEqual(change?.denied, {
    put: [{ fingerprint: fp(1), name: "m1", deniedAt: 2 }],
    gone: [],
  });
  assert.deepEqual(change?.set, { pending: [] });
  assert.ok(JSON.stringify(change).length < 600);
  assert.deepEqual(replay(s, denied), denied);
});

test("a journal line written before denials were keyed (the whole list under set) still applies", () => {
  const s = model.addPending(emptyState(), request(1)).state;
  const denied = model.deny(s, fp(1), 2).state;
  const older = v.parse(GroupChangeSchema, {
    set: { pending: [], denied: [{ fingerprint: fp(1), name: "m1", deniedAt: 2 }] },
  });
  assert.deepEqual(parseGroupState(applyGroupChange(s, older)), denied);
});
