/**
 * Denied and removed keys against a real server: a kicked member reconnecting is told `removed`
 * (close 4004) and no request is recorded; a denied key `denied` (4003); `blocked` lists both,
 * `unblock` lifts each (prefix errors named), and the key then waits for approval like a stranger.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { AdminResponse } from "../../server/admin/admin-messages.ts";
import type { Identity } from "../../shared/identity.ts";
import type { MemberClient } from "../../shared/member-client/member-client.ts";
import { CLOSE_CODES } from "../../shared/protocol/close-codes.ts";
import { admin, isMemberAt, joinApproved, member, waitFor } from "./helpers/members.ts";
import { connectRaw, makeAuth } from "./helpers/raw-client.ts";
import { ROOT, run, type ServerProcess, startServer, tempDir } from "./helpers/server-process.ts";
import { twinIdentities } from "./helpers/twin-identities.ts";

let server: ServerProcess;
let carol: Identity;
let eve: Identity;
const dataFile = join(tempDir(), "group.grypt");
const clients: MemberClient[] = [];
const short = (identity: Identity) => identity.public.fingerprintHex.slice(0, 16);

/** `grypt-admin <args>` (or `grypt-server admin <args>`) against this server. */
async function cli(args: string[], bin: "grypt-admin" | "grypt-server admin" = "grypt-admin") {
  const script =
    bin === "grypt-admin" ? ["server/bin/grypt-admin.ts"] : ["server/bin/grypt-server.ts", "admin"];
  return run(process.execPath, [
    "--import",
    "tsx",
    join(ROOT, script[0]!),
    ...script.slice(1),
    ...args,
    "--data",
    dataFile,
  ]);
}

async function cliJson(args: string[]): Promise<{ code: number | null; response: AdminResponse }> {
  const result = await cli([...args, "--json"]);
  return { code: result.code, response: JSON.parse(result.stdout) as AdminResponse };
}

/** Authenticate as `identity` on a bare socket: every message the server sent, and how it closed. */
async function reconnectRaw(identity: Identity, name: string) {
  const peer = await connectRaw(server.url);
  peer.send(JSON.stringify(await makeAuth(peer.hello, identity, { name, haveEpoch: 1 })));
  const closed = await peer.closed;
  return { closed, messages: peer.messages };
}

before(async () => {
  // Twins: their fingerprints share the first hex digit, an ambiguous prefix once both are blocked.
  [carol, eve] = await twinIdentities();
  server = await startServer(dataFile);
});
after(async () => {
  for (const c of clients) c.stop();
  assert.equal(await server.stop(), 0);
});

test("a kicked member reconnecting is told removed and closed; no request is recorded", {
  timeout: 90_000,
}, async () => {
  const client = await joinApproved(server, carol, "carol");
  clients.push(client);
  await admin(server, { type: "kick", prefixes: [short(carol)] }, "kicked");
  await waitFor(client, (s) => s.state === "removed");

  const raw = await reconnectRaw(carol, "carol again");
  assert.deepEqual(
    raw.messages,
    [{ type: "removed" }],
    "nothing but `removed`: no keys, no pending",
  );
  assert.deepEqual(raw.closed, { code: CLOSE_CODES.REMOVED, reason: "removed" });

  const again = member(server, carol, "carol");
  clients.push(again);
  await waitFor(again, (s) => s.state === "removed");
  assert.equal(again.key(2), undefined);

  assert.deepEqual((await admin(server, { type: "pending" }, "pending")).requests, []);
  const events = (await admin(server, { type: "log", limit: 50 }, "log")).entries.map(
    (e) => e.event,
  );
  assert.deepEqual(
    events.slice(events.indexOf("kick")),
    ["kick", "rotate"],
    "no request after the kick",
  );
  assert.match(server.output(), new RegExp(`removed key refused fp=${short(carol)}`));
  const afterKick = server.output().slice(server.output().indexOf("kicked fp="));
  assert.doesNotMatch(afterKick, /join request/);
});

test("a denied key reconnecting is told denied and closed", { timeout: 90_000 }, async () => {
  const client = member(server, eve, "eve");
  clients.push(client);
  await waitFor(client, (s) => s.state === "pending");
  await admin(server, { type: "deny", prefix: short(eve) }, "denied");
  await waitFor(client, (s) => s.state === "denied");
  const raw = await reconnectRaw(eve, "eve again");
  assert.deepEqual(raw.messages, [{ type: "denied" }]);
  assert.deepEqual(raw.closed, { code: CLOSE_CODES.DENIED, reason: "denied" });
  assert.deepEqual((await admin(server, { type: "pending" }, "pending")).requests, []);
});

test("blocked lists both, also after a restart; status counts them", {
  timeout: 90_000,
}, async () => {
  assert.equal(await server.stop(), 0);
  server = await startServer(dataFile);
  const status = await admin(server, { type: "status" }, "status");
  assert.deepEqual([status.members, status.pending, status.denied, status.removed], [0, 0, 1, 1]);

  const listed = await cliJson(["blocked"]);
  assert.equal(listed.code, 0);
  assert.equal(listed.response.type, "blocked");
  const keys = listed.response.type === "blocked" ? listed.response.keys : [];
  assert.deepEqual(
    keys.map((k) => [k.fingerprint, k.name, k.which]),
    [
      [carol.public.fingerprintHex, "carol", "removed"],
      [eve.public.fingerprintHex, "eve", "denied"],
    ],
  );
  assert.ok(keys.every((k) => k.blockedAt > Date.now() - 120_000 && k.blockedAt <= Date.now()));

  const text = await cli(["blocked"], "grypt-server admin");
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^2 blocked:\n/);
  assert.match(
    text.stdout,
    new RegExp(
      `${short(carol)}\\s+"carol"\\s+removed\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d`,
    ),
  );
  assert.match(text.stdout, new RegExp(`${short(eve)}\\s+"eve"\\s+denied`));
  const statusText = await cli(["status"]);
  assert.match(statusText.stdout, /members\s+0, pending 0, denied 1, removed 1/);
});

test("unblock names exactly one blocked key: short and unknown prefixes are errors", {
  timeout: 90_000,
}, async () => {
  // A digit both keys start with: too short to name either (a look-alike key could match it).
  const shared = carol.public.fingerprintHex[0]!;
  assert.equal(eve.public.fingerprintHex[0], shared);
  const short = await cliJson(["unblock", shared]);
  assert.equal(short.code, 1);
  assert.equal(short.response.type === "error" && short.response.code, "INVALID_ARGUMENT");
  assert.match(
    short.response.type === "error" ? short.response.message : "",
    /unblock: .* at least 16 hex digits/,
  );

  const other = `${shared === "0" ? "1" : "0"}abc000000000000`;
  const unknown = await cli(["unblock", other]);
  assert.equal(unknown.code, 1);
  assert.match(
    unknown.stdout,
    new RegExp(`^error \\(NOT_FOUND\\): no blocked key has a fingerprint starting with ${other}`),
  );
  const notHex = await cli(["unblock", "carol"]);
  assert.equal(notHex.code, 1);
  assert.match(notHex.stderr, /hex digits/);
  const status = await admin(server, { type: "status" }, "status");
  assert.deepEqual([status.denied, status.removed], [1, 1], "nothing was unblocked");
});

test("unblocked keys ask again: pending, then approved, then keys delivered", {
  timeout: 90_000,
}, async () => {
  const lifted = await cli(["unblock", short(carol)]);
  assert.equal(lifted.code, 0, lifted.stderr);
  assert.match(lifted.stdout, /^Unblocked "carol" [0-9A-F ]+ \(was removed\)/);
  const liftedEve = await cliJson(["unblock", short(eve).toUpperCase()]);
  assert.equal(liftedEve.code, 0);
  assert.deepEqual(
    liftedEve.response.type === "unblocked" && [
      liftedEve.response.key.fingerprint,
      liftedEve.response.key.which,
    ],
    [eve.public.fingerprintHex, "denied"],
  );
  const listed = await cliJson(["blocked"]);
  assert.deepEqual(listed.response, { type: "blocked", keys: [] });
  assert.match((await cli(["blocked"])).stdout, /No denied or removed keys\./);
  const again = await cliJson(["unblock", short(eve)]);
  assert.equal(again.response.type === "error" && again.response.code, "NOT_FOUND");

  const log = (await admin(server, { type: "log", limit: 5 }, "log")).entries;
  assert.deepEqual(
    log.slice(-2).map((e) => [e.event, e.text]),
    [
      ["unblock", `"carol" ${carol.public.fingerprintHex} (was removed)`],
      ["unblock", `"eve" ${eve.public.fingerprintHex} (was denied)`],
    ],
  );
  assert.match(server.output(), new RegExp(`unblocked fp=${short(carol)} name=carol was=removed`));

  for (const [identity, name] of [
    [carol, "carol"],
    [eve, "eve"],
  ] as const) {
    const client = member(server, identity, name);
    clients.push(client);
    await waitFor(client, (s) => s.state === "pending");
    const pending = (await admin(server, { type: "pending" }, "pending")).requests;
    assert.ok(pending.some((p) => p.fingerprint === identity.public.fingerprintHex && p.waiting));
    const approved = await admin(
      server,
      { type: "approve", prefixes: [short(identity)] },
      "approved",
    );
    assert.equal(approved.delivered, 1);
    await waitFor(client, isMemberAt(2));
    assert.deepEqual(client.epochs(), [1, 2]);
  }
  const status = await admin(server, { type: "status" }, "status");
  assert.deepEqual([status.members, status.pending, status.denied, status.removed], [2, 0, 0, 0]);
});
