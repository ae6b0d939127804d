/**
 * Kick → `removed` for the kicked member, `rekey` for the others; new-epoch posts unreadable to
 * the kicked member, old ones still readable to the rest; a restart loses nothing. The kick's
 * rotation uses the standby key, wrapped ahead for all three (the kicked member included).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { toBase64Url } from "../../shared/bytes.ts";
import type { Identity } from "../../shared/identity.ts";
import type { MemberClient } from "../../shared/member-client/member-client.ts";
import { until } from "../helpers/until.ts";
import { admin, identities, isMemberAt, member, waitFor } from "./helpers/members.ts";
import { post, read } from "./helpers/posts.ts";
import { PASSWORD, type ServerProcess, startServer, tempDir } from "./helpers/server-process.ts";

let server: ServerProcess;
let ids: Identity[];
const dataFile = join(tempDir(), "group.grypt");
const clients: MemberClient[] = [];

async function join3(): Promise<MemberClient[]> {
  const names = ["alice", "bob", "carol"];
  const joined: MemberClient[] = [];
  for (const [i, name] of names.entries()) {
    const client = member(server, ids[i]!, name);
    clients.push(client);
    await waitFor(client, (s) => s.state === "pending");
    await admin(
      server,
      { type: "approve", prefixes: [ids[i]!.public.fingerprintHex.slice(0, 16)] },
      "approved",
    );
    await waitFor(client, isMemberAt(1));
    joined.push(client);
  }
  return joined;
}

before(async () => {
  ids = await identities(3);
  server = await startServer(dataFile);
});
after(async () => {
  for (const c of clients) c.stop();
  await server.stop();
});

test("kick removes one member, rotates for the others, and survives a restart", {
  timeout: 90_000,
}, async () => {
  const [alice, bob, carol] = await join3();
  const rotated = await admin(server, { type: "rotate", reason: "weekly" }, "rotated");
  assert.equal(rotated.epoch, 2);
  assert.equal(rotated.notified, 3);
  for (const c of [alice!, bob!, carol!]) await waitFor(c, isMemberAt(2));
  const oldPost = await post(alice!, 1, "from epoch one");
  const epoch2Post = await post(bob!, 2, "from epoch two");
  // The next key is wrapped for all three connected members, carol included, before the kick.
  await until(
    "the standby key",
    async () => /next key ready epoch=3 wrapped=\d+ members=3 /.test(server.output()) || undefined,
  );

  const kicked = await admin(
    server,
    { type: "kick", prefixes: [ids[2]!.public.fingerprintHex.slice(0, 16)] },
    "kicked",
  );
  assert.equal(kicked.epoch, 3);
  assert.deepEqual(
    kicked.members.map((m) => m.name),
    ["carol"],
  );
  await waitFor(carol!, (s) => s.state === "removed");
  await waitFor(alice!, isMemberAt(3));
  await waitFor(bob!, isMemberAt(3));
  assert.equal(carol!.currentEpoch, 2);

  const newPost = await post(alice!, 3, "after carol left");
  assert.equal(await read(bob!, newPost), "after carol left");
  assert.equal(
    await read(carol!, newPost),
    undefined,
    "the kicked member cannot read the new epoch",
  );
  assert.equal(await read(bob!, oldPost), "from epoch one");
  assert.equal(await read(alice!, epoch2Post), "from epoch two");

  // Carol coming back is refused: removed, no keys (until the admin unblocks her key).
  const carolAgain = member(server, ids[2]!, "carol");
  clients.push(carolAgain);
  await waitFor(carolAgain, (s) => s.state === "removed");
  assert.equal(carolAgain.key(3), undefined);
  carolAgain.stop();

  // Restart: members, epochs and keys are all still there.
  assert.equal(await server.stop(), 0);
  const previousOutput = server.output();
  server = await startServer(dataFile);
  const status = await admin(server, { type: "status" }, "status");
  assert.equal(status.epoch, 3);
  assert.equal(status.members, 2);
  const members = await admin(server, { type: "members" }, "members");
  assert.deepEqual(members.members.map((m) => m.name).sort(), ["alice", "bob"]);
  const log = await admin(server, { type: "log", limit: 50 }, "log");
  assert.deepEqual(
    log.entries.map((e) => e.event).filter((e) => e !== "request"),
    ["create", "approve", "approve", "approve", "rotate", "kick", "rotate"],
  );

  // A fresh client for bob (no keys held) gets every epoch from the restarted server.
  const bobFresh = member(server, ids[1]!, "bob");
  clients.push(bobFresh);
  await waitFor(bobFresh, isMemberAt(3));
  assert.deepEqual(bobFresh.epochs(), [1, 2, 3]);
  assert.equal(await read(bobFresh, oldPost), "from epoch one");
  assert.equal(await read(bobFresh, newPost), "after carol left");
  for (let e = 1; e <= 3; e++) assert.deepEqual(bobFresh.key(e), bob!.key(e));

  // The logs tell what happened, and never print a key or the password.
  const logs = server.output() + previousOutput;
  assert.match(previousOutput, /kicked fp=[0-9a-f]{16} name=carol/);
  assert.match(
    previousOutput,
    /rotated epoch=3 .* notified=2 prewrapped=3 /,
    "the kick used the standby key",
  );
  for (let e = 1; e <= 3; e++)
    assert.ok(!logs.includes(toBase64Url(bob!.key(e)!)), `epoch ${e} key not in the log`);
  assert.ok(!logs.includes(PASSWORD));
});

test("history policy since-join: approving starts a new epoch, the new member's first", {
  timeout: 90_000,
}, async () => {
  await server.stop();
  server = await startServer(dataFile, { args: ["--history", "since-join"] });
  const dave = member(server, (await identities(1))[0]!, "dave");
  clients.push(dave);
  await waitFor(dave, (s) => s.state === "pending");
  const approved = await admin(
    server,
    {
      type: "approve",
      prefixes: [(dave.status as { fingerprint: string }).fingerprint.slice(0, 16)],
    },
    "approved",
  );
  assert.deepEqual(
    [approved.members[0]!.joinedEpoch, approved.epoch, approved.rotated],
    [4, 4, true],
  );
  await waitFor(dave, isMemberAt(4));
  assert.deepEqual(dave.epochs(), [4]);
  const status = await admin(server, { type: "status" }, "status");
  assert.equal(status.history, "since-join");
});
