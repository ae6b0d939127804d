/**
 * `--history since-join` against a real server: approving starts a new epoch, so a newcomer's
 * first key is that epoch and posts made before (before the request, or while it waited) stay
 * unreadable to them, while the members already in get the rekey and read on. Approving several
 * requests at once rotates once for all of them.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { parseCommandWords } from "../../server/admin/parse-command.ts";
import type { Identity } from "../../shared/identity.ts";
import type { MemberClient } from "../../shared/member-client/member-client.ts";
import { admin, identities, isMemberAt, member, waitFor } from "./helpers/members.ts";
import { post, read } from "./helpers/posts.ts";
import { type ServerProcess, startServer, tempDir } from "./helpers/server-process.ts";

let server: ServerProcess;
let ids: Identity[];
const clients: MemberClient[] = [];

before(async () => {
  ids = await identities(4);
  server = await startServer(join(tempDir(), "group.grypt"), {
    args: ["--history", "since-join"],
  });
});
after(async () => {
  for (const c of clients) c.stop();
  await server.stop();
});

const fp16 = (identity: Identity) => identity.public.fingerprintHex.slice(0, 16);

/** `approve <fp> …` as the admin types it (a script: the admin socket asks nothing). */
function approve(...who: Identity[]) {
  return admin(server, parseCommandWords(["approve", ...who.map(fp16)]), "approved");
}

async function requesting(identity: Identity, name: string): Promise<MemberClient> {
  const client = member(server, identity, name);
  clients.push(client);
  await waitFor(client, (s) => s.state === "pending");
  return client;
}

test("a newcomer under since-join reads from its approval on, not the posts before", {
  timeout: 120_000,
}, async () => {
  const [aliceId, carolId, daveId, erinId] = ids as [Identity, Identity, Identity, Identity];
  const alice = await requesting(aliceId, "alice");
  await approve(aliceId);
  const first = (await admin(server, { type: "status" }, "status")).epoch;
  await waitFor(alice, isMemberAt(first));

  const beforeRequest = await post(alice, first, "before carol asked");
  const carol = await requesting(carolId, "carol");
  const whileWaiting = await post(alice, first, "while carol waited");

  await approve(carolId);
  const joined = (await admin(server, { type: "status" }, "status")).epoch;
  assert.equal(joined, first + 1, "approving started a new epoch");
  await waitFor(carol, isMemberAt(joined));
  await waitFor(alice, isMemberAt(joined));
  assert.deepEqual(carol.epochs(), [joined], "carol's first key is the new epoch");
  assert.equal(await read(carol, beforeRequest), undefined);
  assert.equal(await read(carol, whileWaiting), undefined);
  assert.equal(await read(alice, beforeRequest), "before carol asked");
  const after = await post(alice, joined, "welcome carol");
  assert.equal(await read(carol, after), "welcome carol");
  assert.equal(await read(alice, await post(carol, joined, "thanks")), "thanks");

  // Two approvals in one command: one rotation, both start at it.
  const dave = await requesting(daveId, "dave");
  const erin = await requesting(erinId, "erin");
  const both = await approve(daveId, erinId);
  assert.equal(both.epoch, joined + 1);
  assert.deepEqual(both.members.map((m) => [m.name, m.joinedEpoch]).sort(), [
    ["dave", joined + 1],
    ["erin", joined + 1],
  ]);
  for (const c of [dave, erin, alice, carol]) await waitFor(c, isMemberAt(joined + 1));
  assert.deepEqual(dave.epochs(), [joined + 1]);
  assert.equal(await read(dave, after), undefined);
  assert.equal((await admin(server, { type: "status" }, "status")).epoch, joined + 1);
  const events = (await admin(server, { type: "log", limit: 50 }, "log")).entries
    .map((e) => e.event)
    .filter((e) => e === "approve" || e === "rotate");
  assert.deepEqual(events, [
    "approve",
    "rotate",
    "approve",
    "rotate",
    "approve",
    "approve",
    "rotate",
  ]);
  assert.match(server.output(), /rotated epoch=4 reason="approved [0-9a-f]{16}, [0-9a-f]{16}"/);
});
