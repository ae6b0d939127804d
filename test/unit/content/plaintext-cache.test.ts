/** The feed's plaintext cache: bounded, oldest out first, a re-used entry counts as new. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  PLAINTEXT_CACHE_LIMIT,
  PlaintextCache,
} from "../../../extension/content/feed/plaintext-cache.ts";

const entry = (plaintext: string) => ({ plaintext, groupId: "G1", groupName: "Group", epoch: 1 });

describe("PlaintextCache", () => {
  it("keeps at most the limit, dropping the oldest first", () => {
    const cache = new PlaintextCache();
    for (let i = 0; i <= PLAINTEXT_CACHE_LIMIT; i++) cache.set(`t${i}`, entry(`p${i}`));
    assert.equal(cache.get("t0"), undefined);
    assert.equal(cache.get("t1")?.plaintext, "p1");
    assert.equal(cache.get(`t${PLAINTEXT_CACHE_LIMIT}`)?.plaintext, `p${PLAINTEXT_CACHE_LIMIT}`);
  });

  it("moves a token set again to the newest place", () => {
    const cache = new PlaintextCache();
    for (let i = 0; i < PLAINTEXT_CACHE_LIMIT; i++) cache.set(`t${i}`, entry(`p${i}`));
    cache.set("t0", entry("again"));
    cache.set("extra", entry("extra"));
    assert.equal(cache.get("t0")?.plaintext, "again");
    assert.equal(cache.get("t1"), undefined);
  });

  it("forgets everything on clear", () => {
    const cache = new PlaintextCache();
    cache.set("t", entry("p"));
    cache.clear();
    assert.equal(cache.get("t"), undefined);
  });
});
