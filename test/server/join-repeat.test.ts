/**
 * A pending key that connects again and again (an extension reconnecting, or someone hammering
 * the server with one key): each connection is told `pending`, but nothing is saved or logged
 * again, so the audit log and the journal do not grow; a pending key holds at most
 * MAX_WAITING_PER_KEY connections open, a member MAX_LINKS_PER_MEMBER; a changed name is saved
 * once, keeps the request's place, and counts in the key's one request log entry.
 */
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { MAX_LINKS_PER_MEMBER, MAX_WAITING_PER_KEY } from "../../server/group/links.ts";
import type { Identity } from "../../shared/identity.ts";
import { CLOSE_CODES } from "../../shared/protocol/close-codes.ts";
import { admin, identities } from "./helpers/members.ts";
import { connectRaw, makeAuth, type RawPeer } from "./helpers/raw-client.ts";
import { type ServerProcess, startServer, tempDir } from "./helpers/server-process.ts";

let server: ServerProcess;
let mallory: Identity;
const dataFile = join(tempDir(), "group.grypt");

before(async () => {
  [mallory] = (await identities(1)) as [Identity];
  server = await startServer(dataFile);
});
after(() => server.stop());

async function request(name = "m"): Promise<RawPeer> {
  const peer = await connectRaw(server.url);
  peer.send(JSON.stringify(await makeAuth(peer.hello, mallory, { name })));
  await peer.next("pending");
  return peer;
}

const requestsLogged = async () =>
  (await admin(server, { type: "log", limit: 1000 }, "log")).entries.filter(
    (e) => e.event === "request",
  );

test("reconnecting unchanged saves and logs nothing; the newest connections stay open", {
  timeout: 60_000,
}, async () => {
  (await request()).ws.close();
  assert.equal((await requestsLogged()).length, 1);
  const journal = statSync(`${dataFile}.journal`).size;

  for (let i = 0; i < 30; i++) (await request()).ws.close();
  const [logged] = await requestsLogged();
  assert.match(
    logged?.text ?? "",
    /^"m" [0-9a-f]{64} from 127\.0\.0\.1$/,
    "no count per reconnect",
  );
  assert.equal(statSync(`${dataFile}.journal`).size, journal, "no save per reconnect");

  const peers: RawPeer[] = [];
  for (let i = 0; i < MAX_WAITING_PER_KEY + 2; i++) peers.push(await request());
  for (const old of peers.slice(0, 2)) assert.equal((await old.closed).code, CLOSE_CODES.REPLACED);
  const [pending] = (await admin(server, { type: "pending" }, "pending")).requests;
  assert.equal(pending?.waiting, true);

  // The admin approves: every connection still open gets its keys.
  await admin(
    server,
    { type: "approve", prefixes: [mallory.public.fingerprintHex.slice(0, 16)] },
    "approved",
  );
  for (const open of peers.slice(2)) await open.next("keys");
  for (const peer of peers) peer.ws.close();
});

test("a changed name is saved once, and the request keeps its place", {
  timeout: 60_000,
}, async () => {
  const [other] = (await identities(1)) as [Identity];
  mallory = other;
  (await request("first name")).ws.close();
  const [before] = (await admin(server, { type: "pending" }, "pending")).requests;
  (await request("second name")).ws.close();
  (await request("second name")).ws.close();
  const [after] = (await admin(server, { type: "pending" }, "pending")).requests;
  assert.equal(after?.name, "second name");
  assert.equal(after?.requestedAt, before?.requestedAt);
  const logged = await requestsLogged();
  assert.equal(logged.length, 2, "one entry per key");
  assert.match(
    logged.at(-1)?.text ?? "",
    new RegExp(
      `^"second name" ${other.public.fingerprintHex} from .* \\(2 requests, the first at `,
    ),
  );
});

test("a member holds at most MAX_LINKS_PER_MEMBER connections; a newer one replaces the oldest", {
  timeout: 60_000,
}, async () => {
  const [member] = (await identities(1)) as [Identity];
  mallory = member;
  (await request("member")).ws.close();
  await admin(
    server,
    { type: "approve", prefixes: [member.public.fingerprintHex.slice(0, 16)] },
    "approved",
  );
  const links: RawPeer[] = [];
  for (let i = 0; i < MAX_LINKS_PER_MEMBER + 1; i++) {
    const peer = await connectRaw(server.url);
    peer.send(JSON.stringify(await makeAuth(peer.hello, member, { name: "member" })));
    await peer.next("keys");
    links.push(peer);
  }
  assert.equal((await links[0]!.closed).code, CLOSE_CODES.REPLACED);
  const [listed] = (await admin(server, { type: "members" }, "members")).members.filter(
    (m) => m.fingerprint === member.public.fingerprintHex,
  );
  assert.equal(listed?.connections, MAX_LINKS_PER_MEMBER);
  for (const peer of links) peer.ws.close();
});
