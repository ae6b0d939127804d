/** The epoch cache (server/group/epoch-cache.ts): one computation per epoch and key; another key for the same epoch is not served the old one. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { EpochCache } from "../../server/group/epoch-cache.ts";
import { newSessionKey } from "../../server/state/new-group.ts";
import { toBase64Url } from "../../shared/bytes.ts";
import { commitSessionKey } from "../../shared/key-delivery.ts";

test("material is computed once per epoch and key, and a new key for the same epoch gets its own", async () => {
  const cache = new EpochCache("group1");
  const dropped = newSessionKey();
  const kept = newSessionKey();
  const first = cache.get({ epoch: 4, key: dropped });
  assert.equal(cache.get({ epoch: 4, key: dropped }), first, "the same promise for the same key");
  const second = await cache.get({ epoch: 4, key: kept });
  assert.equal(toBase64Url(second.key), kept);
  assert.deepEqual(second.commitment, await commitSessionKey("group1", 4, second.key));
  assert.notDeepEqual(second.commitment, (await first).commitment);
  assert.equal(await cache.get({ epoch: 4, key: kept }), second);
});
