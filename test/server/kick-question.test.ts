/** What a kick shows on a terminal: the question before it, and the answer after. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatResponse } from "../../server/admin/format.ts";
import { kickQuestion } from "../../server/admin/kick-question.ts";

const alice = { fingerprint: `ab12${"0".repeat(60)}`, name: "alice" };
const bob = { fingerprint: `cd34${"1".repeat(60)}`, name: 'bob "b"' };
const info = (m: typeof alice) => ({ ...m, joinedEpoch: 1, approvedAt: 0, connections: 0 });

test("the question names each member by chosen name and fingerprint", () => {
  assert.equal(kickQuestion([alice]), 'Remove "alice" ab12000000000000…? [y/N] ');
  assert.equal(
    kickQuestion([alice, bob]),
    'Remove 2 members: "alice" ab12000000000000…, "bob \\"b\\"" cd34111111111111…? [y/N] ',
  );
});

test("the answer lists everyone removed and the one new epoch", () => {
  assert.equal(
    formatResponse({ type: "kicked", members: [info(alice)], epoch: 4 }),
    'Removed "alice" ab12000000000000; new epoch 4.',
  );
  assert.equal(
    formatResponse({ type: "kicked", members: [info(alice), info(bob)], epoch: 5 }),
    'Removed "alice" ab12000000000000, "bob \\"b\\"" cd34111111111111; new epoch 5.',
  );
});
