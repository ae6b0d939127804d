/**
 * One kick naming several members against a real server: all are removed in one rotation (one
 * new epoch, one rekey for the others), each is refused when it reconnects, and a kick that
 * names a stranger changes nothing. The admin CLI on a terminal asks first, naming them all.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { sendAdminRequest } from "../../server/admin/admin-client.ts";
import type { Identity } from "../../shared/identity.ts";
import type { MemberClient } from "../../shared/member-client/member-client.ts";
import { until } from "../helpers/until.ts";
import { admin, identities, isMemberAt, joinApproved, member, waitFor } from "./helpers/members.ts";
import { post, read } from "./helpers/posts.ts";
import { type ServerProcess, startServer, tempDir } from "./helpers/server-process.ts";
import { HAVE_SCRIPT, onTerminal } from "./helpers/terminal.ts";

let server: ServerProcess;
let ids: Identity[];
const dataFile = join(tempDir(), "group.grypt");
const clients: MemberClient[] = [];
const prefix = (identity: Identity, digits = 16) => identity.public.fingerprintHex.slice(0, digits);

before(async () => {
  ids = await identities(6);
  server = await startServer(dataFile);
});
after(async () => {
  for (const c of clients) c.stop();
  await server.stop();
});

test("a kick naming several members removes them all in one rotation", {
  timeout: 90_000,
}, async () => {
  const names = ["alice", "bob", "carol", "dave"];
  for (const [i, name] of names.entries()) clients.push(await joinApproved(server, ids[i]!, name));
  const [alice, bob, carol, dave] = clients;
  await until(
    "the standby key",
    async () => /next key ready epoch=2 wrapped=\d+ members=4 /.test(server.output()) || undefined,
  );

  // A stranger among the names: an error, and nobody is removed.
  const stranger = (await identities(1))[0]!;
  const refused = await sendAdminRequest(server.socket, {
    type: "kick",
    prefixes: [prefix(ids[1]!), prefix(stranger)],
  });
  assert.equal(refused.type, "error");
  assert.equal((await admin(server, { type: "status" }, "status")).members, 4);

  // Bob named twice (two prefixes of his fingerprint) counts once.
  const kicked = await admin(
    server,
    { type: "kick", prefixes: [prefix(ids[1]!), prefix(ids[3]!, 24), prefix(ids[1]!, 20)] },
    "kicked",
  );
  assert.equal(kicked.epoch, 2, "one new epoch for the whole kick");
  assert.deepEqual(
    kicked.members.map((m) => m.name),
    ["bob", "dave"],
  );
  await waitFor(bob!, (s) => s.state === "removed");
  await waitFor(dave!, (s) => s.state === "removed");
  await waitFor(alice!, isMemberAt(2));
  await waitFor(carol!, isMemberAt(2));
  assert.deepEqual(alice!.epochs(), [1, 2]);

  const newPost = await post(alice!, 2, "bob and dave left");
  assert.equal(await read(carol!, newPost), "bob and dave left");
  assert.equal(await read(bob!, newPost), undefined);
  assert.equal(await read(dave!, newPost), undefined);

  const status = await admin(server, { type: "status" }, "status");
  assert.deepEqual([status.epoch, status.members, status.removed], [2, 2, 2]);
  const log = await admin(server, { type: "log", limit: 20 }, "log");
  const events = log.entries.map((e) => e.event).filter((e) => e !== "request" && e !== "approve");
  assert.deepEqual(events, ["create", "kick", "kick", "rotate"]);
  assert.match(
    server.output(),
    /rotated epoch=2 reason="removed [0-9a-f]{16}, [0-9a-f]{16}" notified=2 prewrapped=4 /,
  );

  // Each comes back refused; a restart keeps it so.
  assert.equal(await server.stop(), 0);
  server = await startServer(dataFile);
  for (const i of [1, 3]) {
    const again = member(server, ids[i]!, names[i]!);
    clients.push(again);
    await waitFor(again, (s) => s.state === "removed");
  }
});

test("grypt-admin on a terminal asks once, naming every member, before a kick", {
  skip: !HAVE_SCRIPT && "needs util-linux script",
  timeout: 60_000,
}, async (t) => {
  const [erin, frank] = [
    await joinApproved(server, ids[4]!, "erin"),
    await joinApproved(server, ids[5]!, "frank"),
  ];
  clients.push(erin, frank);
  const kick = (answer: string) => {
    const term = onTerminal([
      "--import",
      "tsx",
      "server/bin/grypt-admin.ts",
      "kick",
      prefix(ids[4]!),
      prefix(ids[5]!),
      "--data",
      dataFile,
    ]);
    t.after(() => term.kill());
    return term
      .expect(/Remove 2 members: "erin" [0-9a-f]{16}…, "frank" [0-9a-f]{16}…\? \[y\/N\] /)
      .then(async (at) => {
        term.type(`${answer}\r`);
        return { at, term, code: await term.exited };
      });
  };
  const declined = await kick("n");
  assert.match(declined.term.output().slice(declined.at), /Not removed\./);
  assert.equal(declined.code, 1);
  assert.equal((await admin(server, { type: "status" }, "status")).members, 4);

  const accepted = await kick("y");
  assert.match(
    accepted.term.output().slice(accepted.at),
    /Removed "erin" [0-9a-f]{16}, "frank" [0-9a-f]{16}; new epoch 3\./,
  );
  assert.equal(accepted.code, 0);
  await waitFor(erin, (s) => s.state === "removed");
  await waitFor(frank, (s) => s.state === "removed");
});
