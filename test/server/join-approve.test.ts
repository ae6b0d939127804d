/** Join → pending → approve over the admin socket → keys on the same connection; posts between members. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Identity } from "../../shared/identity.ts";
import { admin, identities, isMemberAt, member, waitFor } from "./helpers/members.ts";
import { post, read } from "./helpers/posts.ts";
import { type ServerProcess, startServer, tempDir } from "./helpers/server-process.ts";

let server: ServerProcess;
let ids: Identity[];

before(async () => {
  ids = await identities(3);
  server = await startServer(join(tempDir(), "group.grypt"), { args: ["--name", "Test group"] });
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

test("a waiting member receives its keys on approval without reconnecting; posts cross members", {
  timeout: 90_000,
}, async () => {
  const alice = member(server, ids[0]!, "alice");
  const pending = await waitFor(alice, (s) => s.state === "pending");
  assert.deepEqual(pending, { state: "pending", fingerprint: ids[0]!.public.fingerprintHex });
  const listed = await admin(server, { type: "pending" }, "pending");
  assert.equal(listed.requests.length, 1);
  assert.equal(listed.requests[0]!.name, "alice");
  assert.equal(listed.requests[0]!.waiting, true);

  let opened = 0;
  const origin = alice.status;
  assert.equal(origin.state, "pending");
  const approved = await admin(
    server,
    { type: "approve", prefixes: [ids[0]!.public.fingerprintHex.slice(0, 16)] },
    "approved",
  );
  assert.equal(approved.delivered, 1);
  const status = await waitFor(alice, isMemberAt(1));
  assert.equal(status.state === "member" && status.epoch, 1);
  opened++;
  assert.equal(alice.group?.groupName, "Test group");

  const bob = member(server, ids[1]!, "bob");
  await waitFor(bob, (s) => s.state === "pending");
  await admin(
    server,
    { type: "approve", prefixes: [ids[1]!.public.fingerprintHex.slice(0, 20)] },
    "approved",
  );
  await waitFor(bob, isMemberAt(1));

  const token = await post(alice, 1, "meet at noon");
  assert.match(token, /^grypt:[0-9A-Za-z]+:1:[0-9A-Za-z]+$/);
  assert.equal(await read(bob, token), "meet at noon");
  assert.equal(await read(alice, await post(bob, 1, "ok")), "ok");

  const members = await admin(server, { type: "members" }, "members");
  assert.deepEqual(members.members.map((m) => [m.name, m.connections]).sort(), [
    ["alice", 1],
    ["bob", 1],
  ]);
  alice.stop();
  bob.stop();
  assert.equal(opened, 1);
});

test("a denied request gets denied and stays refused on reconnect", {
  timeout: 90_000,
}, async () => {
  const eve = member(server, ids[2]!, "eve");
  await waitFor(eve, (s) => s.state === "pending");
  const denied = await admin(
    server,
    { type: "deny", prefix: ids[2]!.public.fingerprintHex.slice(0, 16) },
    "denied",
  );
  assert.equal(denied.request.name, "eve");
  await waitFor(eve, (s) => s.state === "denied");
  const again = member(server, ids[2]!, "eve again");
  await waitFor(again, (s) => s.state === "denied");
  assert.equal((await admin(server, { type: "pending" }, "pending")).requests.length, 0);
});

test("a client pinned to another server key refuses to go on", { timeout: 90_000 }, async () => {
  const wrongPin = "ab".repeat(32);
  const client = member(server, ids[0]!, "alice", wrongPin);
  const status = await waitFor(client, (s) => s.state === "key-mismatch");
  assert.deepEqual(status, {
    state: "key-mismatch",
    expected: wrongPin,
    presented: server.fingerprint,
  });
  assert.equal(client.currentEpoch, 0);
});

test("admin errors name the problem: unknown and ambiguous prefixes", {
  timeout: 90_000,
}, async () => {
  const missing = await admin(server, { type: "approve", prefixes: ["0000000000000000"] }, "error");
  assert.equal(missing.code, "NOT_FOUND");
  const invite = await admin(server, { type: "invite" }, "invite");
  assert.equal(invite.invite, server.invite);
  assert.equal(invite.fingerprint, server.fingerprint);
});
