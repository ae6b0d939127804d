/**
 * The fan-out's sender (server/group/rekey-sender.ts): nothing before it is opened; then every
 * rekey to each open connection of its member, in slices with turns of the event loop between
 * them; `idle` once all is sent.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { RekeySender, SEND_SLICE, type SendLinks } from "../../server/group/rekey-sender.ts";

/** A connection that records what it is sent. */
function link(sent: string[], open = true) {
  return { isOpen: () => open, sendText: (text: string) => void sent.push(text) };
}

const PREFIX = '{"type":"rekey","epoch":2,"wrapped":"';

test("nothing is sent before open; then each member's open connections get its rekey", async () => {
  const sent = new Map([
    ["a", [] as string[]],
    ["b", [] as string[]],
    ["closed", [] as string[]],
  ]);
  const links: SendLinks = new Map([
    ["a", [link(sent.get("a")!), link(sent.get("a")!)]],
    ["b", [link(sent.get("b")!)]],
    ["closed", [link(sent.get("closed")!, false)]],
  ]);
  const sender = new RekeySender();
  sender.push("a", "AAA");
  sender.push("closed", "CCC");
  sender.push("gone", "GGG"); // no connection at the save
  await new Promise((r) => setImmediate(r));
  assert.equal([...sent.values()].flat().length, 0, "nothing before open");
  sender.open(PREFIX, links);
  sender.push("b", "BBB");
  await sender.idle();
  assert.deepEqual(sent.get("a"), [`${PREFIX}AAA"}`, `${PREFIX}AAA"}`]);
  assert.deepEqual(sent.get("b"), [`${PREFIX}BBB"}`]);
  assert.deepEqual(sent.get("closed"), []);
  assert.equal(sender.notified, 3);
});

test("a fan-out larger than a slice lets the event loop turn between slices, and sends everything", async () => {
  const members = 5 * SEND_SLICE + 7;
  const sent: string[] = [];
  const links: SendLinks = new Map(
    Array.from({ length: members }, (_, i) => [`m${i}`, [link(sent)]]),
  );
  const sender = new RekeySender();
  for (let i = 0; i < members; i++) sender.push(`m${i}`, `w${i}`);
  const sentAtTurns: number[] = [];
  const watch = () => {
    sentAtTurns.push(sent.length);
    if (sent.length < members) setImmediate(watch);
  };
  setImmediate(watch);
  sender.open(PREFIX, links);
  assert.equal(sent.length, SEND_SLICE, "the first slice at once");
  await sender.idle();
  assert.equal(sent.length, members);
  assert.deepEqual(sent.slice(0, 2), [`${PREFIX}w0"}`, `${PREFIX}w1"}`], "in order");
  assert.ok(
    sentAtTurns.some((n) => n > 0 && n < members),
    `the loop turned mid-fan-out (saw ${sentAtTurns.join(", ")})`,
  );
  assert.equal(sender.notified, members);
});

test("rekeys pushed in one go after open are sent in slices too", async () => {
  const sent: string[] = [];
  const links: SendLinks = new Map(
    Array.from({ length: 3 * SEND_SLICE }, (_, i) => [`m${i}`, [link(sent)]]),
  );
  const sender = new RekeySender();
  sender.open(PREFIX, links);
  for (let i = 0; i < 3 * SEND_SLICE; i++) sender.push(`m${i}`, `w${i}`);
  assert.equal(sent.length, 0, "sent from a microtask, not inside push");
  await Promise.resolve();
  assert.equal(sent.length, SEND_SLICE);
  await sender.idle();
  assert.equal(sent.length, 3 * SEND_SLICE);
});

test("a connection that throws on send does not stop the others", async () => {
  const sent: string[] = [];
  const broken = {
    isOpen: () => true,
    sendText: (): void => {
      throw new Error("socket gone");
    },
  };
  const links: SendLinks = new Map(
    Array.from({ length: 2 * SEND_SLICE }, (_, i) => [
      `m${i}`,
      i === 3 ? [broken, link(sent)] : [link(sent)],
    ]),
  );
  const sender = new RekeySender();
  for (let i = 0; i < 2 * SEND_SLICE; i++) sender.push(`m${i}`, `w${i}`);
  sender.open(PREFIX, links);
  await sender.idle();
  assert.equal(sent.length, 2 * SEND_SLICE);
  assert.equal(sender.notified, 2 * SEND_SLICE);
});
