/**
 * The look-alike attack on a real server. Someone who knows a member-to-be's fingerprint makes
 * keys until one starts with the same few hex digits, floods the join queue from many addresses
 * so the real request would be pushed out, and files its own request under the member's name,
 * hoping the admin approves the short prefix the member read out. Instead: a waiting request
 * stays (a full queue refuses the newcomer, with JOIN_QUEUE_FULL; an address at its share
 * refuses its next one), the refused member gets in once there is room, and approve refuses a
 * prefix shorter than 16 hex digits, so the attacker's key is never approved by mistake.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { parseCommandWords } from "../../server/admin/parse-command.ts";
import { MAX_PENDING, MAX_PENDING_PER_ADDRESS } from "../../server/state/group-model.ts";
import type { Identity } from "../../shared/identity.ts";
import type { MemberClient } from "../../shared/member-client/member-client.ts";
import { CLOSE_CODES } from "../../shared/protocol/close-codes.ts";
import { admin, identities, isMemberAt, member, waitFor } from "./helpers/members.ts";
import { connectRaw, makeAuth, type RawPeer } from "./helpers/raw-client.ts";
import { type ServerProcess, startServer, tempDir } from "./helpers/server-process.ts";
import { lookAlike, variantBase, variants } from "./helpers/sign-key-variants.ts";

let server: ServerProcess;
let alice: Identity;
const clients: MemberClient[] = [];
const peers: RawPeer[] = [];

before(async () => {
  [alice] = (await identities(1)) as [Identity];
  server = await startServer(join(tempDir(), "group.grypt"));
});
after(async () => {
  for (const c of clients) c.stop();
  for (const p of peers) p.ws.close();
  await server.stop();
});

/** A join request from `address`: "pending", or the error code the server refused it with. */
async function requestFrom(address: string, identity: Identity, name: string): Promise<string> {
  const peer = await connectRaw(server.url, { localAddress: address });
  peers.push(peer);
  peer.send(JSON.stringify(await makeAuth(peer.hello, identity, { name })));
  const answer = await peer.next(["pending", "error"]);
  if (answer.type === "pending") return "pending";
  assert.equal((await peer.closed).code, CLOSE_CODES.RATE_LIMITED);
  return String(answer.code);
}

test("a join flood cannot push out a waiting request, and a look-alike key is not approved by a short prefix", {
  timeout: 180_000,
}, async () => {
  const victim = member(server, alice, "alice");
  clients.push(victim);
  await waitFor(victim, (s) => s.state === "pending");
  const readOut = alice.public.fingerprintHex;

  // The attacker's key: the same first digits as alice's. 3 digits keep the test fast; 5 take
  // the attacker some 15 s, and any prefix under 16 digits is within reach.
  const mallory = await lookAlike(await variantBase(), readOut.slice(0, 3));
  assert.notEqual(mallory.public.fingerprintHex, readOut);

  // The flood: each address files as many requests as it may hold, until the queue is full.
  const flood = await variants(await variantBase(), MAX_PENDING + 20);
  const outcomes: string[] = [];
  let net = 1;
  for (let i = 0; i < flood.length; net++) {
    for (let k = 0; k < MAX_PENDING_PER_ADDRESS && i < flood.length; k++, i++)
      outcomes.push(await requestFrom(`127.0.${net}.1`, flood[i]!, `flood ${i}`));
    if (net === 1) {
      // One address's share is taken: its next request is refused, its waiting ones stay.
      const extra = (await variants(await variantBase(), 1))[0]!;
      assert.equal(await requestFrom("127.0.1.1", extra, "one more"), "RATE_LIMITED");
    }
  }
  const queued = outcomes.filter((o) => o === "pending").length;
  assert.equal(queued, MAX_PENDING - 1, "alice's request and the flood fill the queue");
  assert.deepEqual(new Set(outcomes.slice(queued)), new Set(["JOIN_QUEUE_FULL"]));

  // Alice's request is still there and she is still waiting; nobody was dropped.
  const listed = (await admin(server, { type: "pending" }, "pending")).requests;
  assert.equal(listed.length, MAX_PENDING);
  const hers = listed.find((r) => r.fingerprint === readOut);
  assert.equal(hers?.name, "alice");
  assert.equal(hers?.waiting, true);
  assert.equal(victim.status.state, "pending");

  // The attacker files under her name: refused while the queue is full, and told why.
  const attacker = member(server, mallory, "alice", undefined, "127.0.99.1");
  clients.push(attacker);
  const refused = await waitFor(attacker, (s) => s.state === "unreachable");
  assert.equal(refused.state === "unreachable" && refused.error.code, "JOIN_QUEUE_FULL");
  // Once the admin denies one request, the attacker's client (retrying) gets in.
  const denied = flood[0]!.public.fingerprintHex.slice(0, 16);
  await admin(server, { type: "deny", prefix: denied }, "denied");
  await waitFor(attacker, (s) => s.state === "pending");
  assert.equal(
    (await admin(server, { type: "pending" }, "pending")).requests.filter((r) => r.name === "alice")
      .length,
    2,
    "two requests named alice",
  );

  // The admin types the short prefix alice read out: refused, saying why; nobody is approved.
  // (The console and grypt-admin refuse it before asking the server; the server refuses it too.)
  for (const digits of [3, 6, 15]) {
    assert.throws(() => parseCommandWords(["approve", readOut.slice(0, digits)]), {
      code: "INVALID_ARGUMENT",
      message: /at least 16 hex digits/,
    });
    const short = await admin(
      server,
      { type: "approve", prefixes: [readOut.slice(0, digits)] },
      "error",
    );
    assert.equal(short.code, "MESSAGE_INVALID");
    assert.match(short.message, /16 hex digits/);
  }
  for (const type of ["deny", "unblock"] as const) {
    const short = await admin(server, { type, prefix: readOut.slice(0, 6) }, "error");
    assert.match(short.message, /16 hex digits/);
  }
  const shortKick = await admin(server, { type: "kick", prefixes: [readOut.slice(0, 6)] }, "error");
  assert.match(shortKick.message, /16 hex digits/);
  assert.equal((await admin(server, { type: "status" }, "status")).members, 0);

  // 16 digits name alice's key, not the look-alike.
  const approved = await admin(
    server,
    { type: "approve", prefixes: [readOut.slice(0, 16)] },
    "approved",
  );
  assert.deepEqual(
    approved.members.map((m) => m.fingerprint),
    [readOut],
  );
  await waitFor(victim, isMemberAt(1));
  assert.equal(attacker.status.state, "pending");
  assert.equal(attacker.key(1), undefined);
});
