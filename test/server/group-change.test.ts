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
      case 0:
        s = log("request")(model.addPending(s, request(i, `10.0.${rand(3)}.1`, i)).state);
        break;
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
  let base = emptyState();
  let steps = 0;
  for (const next of walk(base, model.MAX_LOG_ENTRIES + 300)) {
    assert.deepEqual(replay(base, next), next);
    base = next;
    steps++;
  }
  assert.equal(base.log.length, model.MAX_LOG_ENTRIES);
  assert.ok(steps > model.MAX_LOG_ENTRIES);
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
