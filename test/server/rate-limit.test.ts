/** Token buckets and the unauthenticated-connection cap. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { AddressLimiter, PreAuthCounter, TokenBucket } from "../../server/net/rate-limit.ts";

test("a bucket allows its burst, then refills at its rate", () => {
  const bucket = new TokenBucket(3, 2, 0);
  assert.deepEqual(
    [bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)],
    [true, true, true, false],
  );
  assert.equal(bucket.take(400), false, "0.8 tokens after 400 ms");
  assert.equal(bucket.take(500), true, "1 token after 500 ms");
  assert.equal(bucket.idle(500 + 1500), true);
});

test("addresses have separate buckets", () => {
  const limiter = new AddressLimiter(1, 1);
  assert.equal(limiter.take("a", 0), true);
  assert.equal(limiter.take("a", 0), false);
  assert.equal(limiter.take("b", 0), true);
});

test("unauthenticated connections are capped per address and released", () => {
  const counter = new PreAuthCounter(2);
  assert.equal(counter.enter("a"), true);
  assert.equal(counter.enter("a"), true);
  assert.equal(counter.enter("a"), false);
  assert.equal(counter.enter("b"), true);
  counter.leave("a");
  assert.equal(counter.enter("a"), true);
});
