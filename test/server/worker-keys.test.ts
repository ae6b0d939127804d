/** Keys as the wrap pool's workers hold them (server/crypto/worker-keys.ts): sent once, by number after, bounded. */
import assert from "node:assert/strict";
import { KeyObject } from "node:crypto";
import { test } from "node:test";
import { KeyNumbers, WorkerKeys } from "../../server/crypto/worker-keys.ts";
import { generateIdentity } from "../../shared/identity.ts";

const people = await Promise.all([generateIdentity(), generateIdentity(), generateIdentity()]);
const [a, b, c] = people.map((p) => p.identity.encPublic) as [CryptoKey, CryptoKey, CryptoKey];

test("a key crosses to a worker once, then goes by its number; each worker keeps its own account", () => {
  const numbers = new KeyNumbers();
  const one = new WorkerKeys(numbers);
  const first = one.refs([a, b, a]);
  assert.equal(first.reset, false);
  assert.equal(first.ids[0], first.ids[2], "one number per key");
  assert.notEqual(first.ids[0], first.ids[1]);
  assert.deepEqual(
    first.fresh.map((f) => f.id),
    [first.ids[0], first.ids[1]],
  );
  assert.ok(first.fresh.every((f) => f.key instanceof KeyObject && f.key.type === "public"));
  const again = one.refs([b, c]);
  assert.deepEqual(
    again.fresh.map((f) => f.id),
    [again.ids[1]],
    "only the new key is sent",
  );
  assert.equal(again.ids[0], first.ids[1]);
  const other = new WorkerKeys(numbers);
  assert.equal(
    other.refs([a]).fresh.length,
    1,
    "another worker gets the key too, under the same number",
  );
  assert.equal(other.refs([a]).ids[0], first.ids[0]);
});

test("past its limit a worker starts afresh, and is sent every key it needs again", () => {
  const keys = new WorkerKeys(new KeyNumbers(), 2);
  assert.equal(keys.refs([a, b]).reset, false);
  const over = keys.refs([c]);
  assert.equal(over.reset, true);
  assert.equal(over.fresh.length, 1);
  const back = keys.refs([a, c]);
  assert.equal(back.reset, false);
  assert.deepEqual(
    back.fresh.map((f) => f.id),
    [back.ids[0]],
    "a, forgotten at the reset, is sent again; c is held",
  );
});

test("a worker over its limit is not reset by a message that brings no new key", () => {
  const keys = new WorkerKeys(new KeyNumbers(), 1);
  keys.refs([a, b]); // one message may take a worker past its limit
  const same = keys.refs([b, a]);
  assert.deepEqual([same.reset, same.fresh.length], [false, 0]);
});
