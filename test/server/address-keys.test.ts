/** The keys an address is limited under: the address and its /24 or /64, one spelling each. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { addressKeys } from "../../server/net/address-keys.ts";

test("IPv4 counts by address and /24; IPv4-mapped IPv6 counts as IPv4", () => {
  const keys = { address: "192.0.2.77", network: "192.0.2.0/24" };
  assert.deepEqual(addressKeys("192.0.2.77"), keys);
  assert.deepEqual(addressKeys("::ffff:192.0.2.77"), keys);
  assert.deepEqual(addressKeys("::FFFF:c000:024d"), keys);
  assert.equal(addressKeys("192.0.3.77").network, "192.0.3.0/24");
});

test("IPv6 counts by address and /64, however the address is written", () => {
  for (const spelling of [
    "2001:db8::1",
    "2001:DB8:0:0::1",
    "2001:0db8:0000::0001",
    "2001:db8::1%eth0",
  ])
    assert.deepEqual(addressKeys(spelling), {
      address: "2001:db8:0:0:0:0:0:1",
      network: "2001:db8:0:0::/64",
    });
  assert.equal(addressKeys("2001:db8:0:0:ffff::1").network, "2001:db8:0:0::/64");
  assert.equal(addressKeys("2001:db8:0:1::1").network, "2001:db8:0:1::/64");
  assert.equal(addressKeys("::1").address, "0:0:0:0:0:0:0:1");
  assert.equal(addressKeys("64:ff9b::192.0.2.1").address, "64:ff9b:0:0:0:0:c000:201");
});

test("anything else is its own key", () => {
  assert.deepEqual(addressKeys("unknown"), { address: "unknown", network: "unknown" });
});
