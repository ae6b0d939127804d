/** Denied and removed keys in the pure model: recorded on kick, refused as requests, unblocked; old files open. */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  blockedKeys,
  blockOf,
  MAX_DENIED,
  MAX_REMOVED,
  unblock,
} from "../../server/state/blocked-keys.ts";
import * as model from "../../server/state/group-model.ts";
import { type GroupState, parseGroupState } from "../../server/state/group-schema.ts";
import { emptyState, fp, request } from "./helpers/group-state.ts";

/** m1 a member (kicked at 20), m2 denied at 10, m3 pending. */
function blockedState(): GroupState {
  let s = model.addPending(emptyState(), request(1)).state;
  s = model.addPending(s, request(2)).state;
  s = model.approve(s, fp(1), 5).state;
  s = model.deny(s, fp(2), 10).state;
  s = model.removeMember(s, fp(1), 20).state;
  return model.addPending(s, request(3)).state;
}

test("a kick records the key as removed; blockOf tells denied, removed and neither apart", () => {
  const s = blockedState();
  assert.deepEqual(s.removed, [{ fingerprint: fp(1), name: "m1", removedAt: 20 }]);
  assert.equal(blockOf(s, fp(1)), "removed");
  assert.equal(blockOf(s, fp(2)), "denied");
  assert.equal(blockOf(s, fp(3)), undefined);
  assert.deepEqual(blockedKeys(s), [
    { fingerprint: fp(2), name: "m2", which: "denied", blockedAt: 10 },
    { fingerprint: fp(1), name: "m1", which: "removed", blockedAt: 20 },
  ]);
});

test("a blocked key can neither become a request nor be approved", () => {
  const s = blockedState();
  for (const n of [1, 2]) {
    assert.throws(() => model.addPending(s, request(n, "10.9.9.9", 30)), {
      code: "CONFLICT",
      message: /unblock it first/,
    });
  }
  // A request recorded before the key was blocked (a damaged or hand-edited file) is not approved.
  const stale = {
    ...s,
    removed: [...s.removed, { fingerprint: fp(3), name: "m3", removedAt: 25 }],
  };
  assert.throws(() => model.approve(stale, fp(3), 30), { code: "CONFLICT", message: /removed/ });
  assert.equal(model.approve(s, fp(3), 30).member.fingerprint, fp(3));
});

test("unblock lifts a denial or a removal; the key may then ask again and be approved", () => {
  let s = blockedState();
  const lifted = unblock(s, fp(1));
  assert.deepEqual(lifted.key, { fingerprint: fp(1), name: "m1", which: "removed", blockedAt: 20 });
  assert.deepEqual(lifted.state.removed, []);
  assert.equal(lifted.state.denied, s.denied, "an unchanged list stays the same array");
  s = lifted.state;
  assert.equal(unblock(s, fp(2)).key.which, "denied");
  s = unblock(s, fp(2)).state;
  assert.deepEqual(s.denied, []);
  assert.equal(s.removed, lifted.state.removed, "an unchanged list stays the same array");
  assert.deepEqual(blockedKeys(s), []);
  for (const n of [1, 2, 3, 4]) {
    assert.throws(() => unblock(s, fp(n)), {
      code: "NOT_FOUND",
      message: /no denied or removed key/,
    });
  }
  s = model.addPending(s, request(1, "10.0.0.1", 40)).state;
  s = model.approve(s, fp(1), 41).state;
  assert.ok(model.findMember(s, fp(1)));
});

test("the removed list keeps the newest MAX_REMOVED keys, one record per key", () => {
  const old = Array.from({ length: MAX_REMOVED }, (_, i) => ({
    fingerprint: fp(1000 + i),
    name: `r${i}`,
    removedAt: i,
  }));
  let s: GroupState = { ...emptyState(), removed: old };
  s = model.addPending(s, request(1)).state;
  s = model.approve(s, fp(1), 1).state;
  s = model.removeMember(s, fp(1), MAX_REMOVED + 1).state;
  assert.equal(s.removed.length, MAX_REMOVED);
  assert.equal(blockOf(s, fp(1000)), undefined, "the oldest removal is forgotten");
  assert.equal(blockOf(s, fp(1001)), "removed");
  assert.deepEqual(s.removed.at(-1), {
    fingerprint: fp(1),
    name: "m1",
    removedAt: MAX_REMOVED + 1,
  });
  // Removed again after an unblock: still one record, with the new time.
  s = unblock(s, fp(1)).state;
  s = model.addPending(s, request(1, "10.0.0.1", 50)).state;
  s = model.removeMember(model.approve(s, fp(1), 51).state, fp(1), MAX_REMOVED + 60).state;
  assert.deepEqual(
    s.removed.filter((r) => r.fingerprint === fp(1)),
    [{ fingerprint: fp(1), name: "m1", removedAt: MAX_REMOVED + 60 }],
  );
});

test("the denied list keeps the newest MAX_DENIED keys; a forgotten denial may ask again", () => {
  const old = Array.from({ length: MAX_DENIED }, (_, i) => ({
    fingerprint: fp(1000 + i),
    name: `d${i}`,
    deniedAt: i,
  }));
  let s: GroupState = { ...emptyState(), denied: old };
  s = model.deny(model.addPending(s, request(1)).state, fp(1), MAX_DENIED + 1).state;
  assert.equal(s.denied.length, MAX_DENIED);
  assert.deepEqual(s.denied.at(-1), { fingerprint: fp(1), name: "m1", deniedAt: MAX_DENIED + 1 });
  assert.equal(blockOf(s, fp(1001)), "denied");
  assert.equal(blockOf(s, fp(1000)), undefined, "the oldest denial is forgotten");
  const asked = model.addPending(s, { ...request(1000), fingerprint: fp(1000) }).state;
  assert.equal(asked.pending.at(-1)?.fingerprint, fp(1000), "a request again, not a member");
  assert.equal(model.findMember(asked, fp(1000)), undefined);
});

test("a group file written before removals were kept opens with none; bad removed lists are refused", () => {
  const { removed: _dropped, ...old } = blockedState();
  const opened = parseGroupState(JSON.parse(JSON.stringify(old)));
  assert.deepEqual(opened.removed, []);
  assert.deepEqual(opened.denied, old.denied);
  const again = parseGroupState(JSON.parse(JSON.stringify(old)));
  assert.notEqual(again.removed, opened.removed, "every parse gets its own list");

  const current = blockedState();
  assert.deepEqual(parseGroupState(JSON.parse(JSON.stringify(current))), current);
  const record = current.removed[0]!;
  assert.throws(() => parseGroupState({ ...current, removed: [record, record] }), {
    code: "VAULT_CORRUPT",
    message: /removed key .* appears twice/,
  });
  assert.throws(() => parseGroupState({ ...current, removed: [{ ...record, removedAt: -1 }] }), {
    code: "VAULT_CORRUPT",
    message: /removed/,
  });
  assert.throws(() => parseGroupState({ ...current, removed: [{ ...record, extra: 1 }] }), {
    code: "VAULT_CORRUPT",
  });
  assert.throws(() => parseGroupState({ ...current, removed: null }), { code: "VAULT_CORRUPT" });
});

test("blockOf answers from the lists as they are in each state, at every size up to the caps", () => {
  let s = blockedState();
  assert.equal(blockOf(s, fp(3)), undefined);
  s = model.deny(s, fp(3), 40).state; // a new state: its new list is indexed afresh
  assert.equal(blockOf(s, fp(3)), "denied");
  s = unblock(s, fp(3)).state;
  assert.equal(blockOf(s, fp(3)), undefined);
  const many = Array.from({ length: MAX_DENIED }, (_, i) => ({
    fingerprint: `d${i.toString(16).padStart(8, "0")}`.padEnd(64, "e"),
    name: "x",
    deniedAt: i,
  }));
  const full = { ...s, denied: many };
  assert.equal(blockOf(full, many[MAX_DENIED - 1]!.fingerprint), "denied");
  assert.equal(blockOf(full, many[0]!.fingerprint), "denied");
  assert.equal(blockOf(full, fp(1)), "removed");
  assert.equal(blockOf({ ...full, denied: many.slice(1) }, many[0]!.fingerprint), undefined);
});
