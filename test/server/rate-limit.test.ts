/** Token buckets and capped counters, by key and by address and network. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { NETWORK_FACTOR, NetworkCounter, NetworkLimiter } from "../../server/net/network-limits.ts";
import { KeyedBuckets, KeyedCounter, TokenBucket } from "../../server/net/rate-limit.ts";

test("a bucket allows its burst, then refills at its rate; a charge may go into debt", () => {
  const bucket = new TokenBucket(3, 2, 0);
  assert.deepEqual(
    [bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)],
    [true, true, true, false],
  );
  assert.equal(bucket.take(400), false, "0.8 tokens after 400 ms");
  assert.equal(bucket.take(500), true, "1 token after 500 ms");
  assert.equal(bucket.has(500), false);
  bucket.charge(500);
  bucket.charge(500);
  assert.equal(bucket.has(1999), false, "2 tokens of debt: 1.5 s to have one again");
  assert.equal(bucket.has(2000), true);
  assert.equal(bucket.idle(2000 + 1000), true);
});

test("keys have separate buckets", () => {
  const limiter = new KeyedBuckets(1, 1);
  assert.equal(limiter.take("a", 0), true);
  assert.equal(limiter.take("a", 0), false);
  assert.equal(limiter.take("b", 0), true);
});

test("counts are capped per key and released", () => {
  const counter = new KeyedCounter(2);
  assert.equal(counter.enter("a"), true);
  assert.equal(counter.enter("a"), true);
  assert.equal(counter.enter("a"), false);
  assert.equal(counter.enter("b"), true);
  counter.leave("a");
  assert.equal(counter.enter("a"), true);
  counter.leave("b");
  assert.equal(counter.size, 1, "a key back at zero is forgotten");
});

/** How many of `addresses`, in turn, a limiter lets through at one instant. */
function allowed(take: (address: string) => boolean, addresses: string[]): number {
  return addresses.filter((address) => take(address)).length;
}

const ofNetwork = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);

test("a rate is limited per address and per /24: many addresses of one /24 share one allowance", () => {
  const limiter = new NetworkLimiter(10, 10);
  const take = (address: string) => limiter.take(address, 0);
  assert.equal(allowed(take, Array(12).fill("198.51.100.7")), 10, "10 for one address");
  // Forty more addresses of that /24, one request each: only the network's remainder passes.
  assert.equal(allowed(take, ofNetwork("198.51.100.", 40)), 10 * NETWORK_FACTOR - 10);
  // One address in each of forty other /24s: all pass.
  const others = Array.from({ length: 40 }, (_, i) => `203.0.${i}.9`);
  assert.equal(allowed(take, others), 40);
  // IPv4-mapped IPv6 is the same IPv4 address (and /24).
  assert.equal(take("::ffff:198.51.100.200"), false);
  assert.equal(take("::ffff:192.0.2.1"), true);
  // The allowance comes back with time: a minute refills the address and its network.
  assert.equal(limiter.take("198.51.100.7", 60_000), true);
});

test("IPv6 counts per address and per /64", () => {
  const limiter = new NetworkLimiter(2, 2);
  const take = (address: string) => limiter.take(address, 0);
  assert.equal(allowed(take, ["2001:db8::1", "2001:DB8:0::1", "2001:db8::1"]), 2, "one address");
  assert.equal(allowed(take, ofNetwork("2001:db8::a:", 20)), 2 * NETWORK_FACTOR - 2);
  assert.equal(allowed(take, ofNetwork("2001:db8:0:1::", 2)), 2, "the next /64");
});

test("charges count against the address and its network, into debt", () => {
  const limiter = new NetworkLimiter(2, 60);
  for (let i = 0; i < 5; i++) limiter.charge("192.0.2.1", 0);
  assert.equal(limiter.has("192.0.2.1", 0), false);
  // The network (8 at once, 4 a second) still has room for a neighbour, until it owes too.
  assert.equal(limiter.has("192.0.2.2", 0), true);
  for (let i = 2; i < 6; i++) limiter.charge(`192.0.2.${i}`, 0);
  assert.equal(limiter.has("192.0.2.9", 0), false, "9 charged to a network of 8");
  assert.equal(limiter.has("192.0.3.9", 0), true);
  assert.equal(limiter.has("192.0.2.1", 3999), false, "3 tokens of debt, 1 a second: 4 s");
  assert.equal(limiter.has("192.0.2.1", 4000), true);
});

test("things held at once are capped per address and per network, and released", () => {
  const counter = new NetworkCounter(3);
  assert.equal(
    allowed((a) => counter.enter(a), Array(5).fill("10.1.2.3")),
    3,
  );
  assert.equal(
    allowed((a) => counter.enter(a), ofNetwork("10.1.2.", 50)),
    3 * NETWORK_FACTOR - 3,
  );
  assert.equal(counter.enter("10.1.3.1"), true, "another /24");
  assert.equal(counter.enter("10.1.2.77"), false);
  counter.leave("10.1.2.3");
  assert.equal(counter.enter("10.1.2.77"), true, "a network's slot comes back when one leaves");
  assert.equal(counter.enter("::ffff:10.1.2.78"), false, "IPv4-mapped counts as IPv4");
});
