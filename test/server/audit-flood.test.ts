/**
 * A join flood against a real server's audit log: one key renamed from a hundred addresses, as
 * fast as the limits allow, used to push approvals and kicks out of the log. Instead the admin's
 * events stay (join requests have a log of their own), and the key's requests are one entry
 * that counts them.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { parseCommandWords } from "../../server/admin/parse-command.ts";
import { MAX_LOG_ENTRIES } from "../../server/state/group-model.ts";
import type { Identity } from "../../shared/identity.ts";
import type { MemberClient } from "../../shared/member-client/member-client.ts";
import { admin, identities, isMemberAt, member, waitFor } from "./helpers/members.ts";
import { connectRaw, makeAuth } from "./helpers/raw-client.ts";
import { type ServerProcess, startServer, tempDir } from "./helpers/server-process.ts";

let server: ServerProcess;
let ids: Identity[];
const dataFile = join(tempDir(), "group.grypt");
const clients: MemberClient[] = [];

before(async () => {
  ids = await identities(3);
  server = await startServer(dataFile);
});
after(async () => {
  for (const c of clients) c.stop();
  await server.stop();
});

/** New join requests one address may make at once (server/group/group-service.ts). */
const REQUESTS_PER_ADDRESS = 10;
/** Enough renames to push every admin event out of the one log of old (MAX_LOG_ENTRIES). */
const ADDRESSES = 105;

async function joined(identity: Identity, name: string): Promise<MemberClient> {
  const client = member(server, identity, name);
  clients.push(client);
  await waitFor(client, (s) => s.state === "pending");
  await admin(
    server,
    parseCommandWords(["approve", identity.public.fingerprintHex.slice(0, 16)]),
    "approved",
  );
  await waitFor(client, isMemberAt(1));
  return client;
}

/** One request from `address` under a new name; true when it was recorded (`pending`). */
async function renamed(address: string, identity: Identity, name: string): Promise<boolean> {
  const peer = await connectRaw(server.url, { localAddress: address });
  peer.send(JSON.stringify(await makeAuth(peer.hello, identity, { name })));
  const answer = await peer.next(["pending", "error"]);
  peer.ws.close();
  return answer.type === "pending";
}

test("a rename flood neither pushes admin events out of the audit log nor fills it", {
  timeout: 300_000,
}, async () => {
  const [alice, bob, mallory] = ids as [Identity, Identity, Identity];
  await joined(alice, "alice");
  await joined(bob, "bob");
  await admin(server, { type: "kick", prefixes: [bob.public.fingerprintHex] }, "kicked");
  await admin(server, { type: "rotate", reason: "weekly" }, "rotated");
  await admin(server, { type: "backup", path: join(tempDir(), "copy.grypt") }, "backed-up");
  const adminEvents = async () =>
    (await admin(server, { type: "log", limit: MAX_LOG_ENTRIES }, "log")).entries
      .map((e) => e.event)
      .filter((e) => e !== "request");
  const before = await adminEvents();
  assert.deepEqual(before, ["create", "approve", "approve", "kick", "rotate", "rotate", "backup"]);

  // One key, a new name each time, from ADDRESSES addresses in turn, a few at once.
  let recorded = 0;
  const perAddress = async (net: number) => {
    for (let i = 0; i < REQUESTS_PER_ADDRESS; i++)
      if (await renamed(`127.0.${net}.1`, mallory, `mallory ${net}.${i}`)) recorded++;
  };
  for (let net = 1; net <= ADDRESSES; net += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, ADDRESSES + 1 - net) }, (_, k) => perAddress(net + k)),
    );
  }
  assert.equal(recorded, ADDRESSES * REQUESTS_PER_ADDRESS, "every rename was recorded");
  assert.ok(recorded > MAX_LOG_ENTRIES, "enough to have filled the old log");

  assert.deepEqual(await adminEvents(), before, "no admin event was pushed out");
  const entries = (await admin(server, { type: "log", limit: MAX_LOG_ENTRIES }, "log")).entries;
  const requests = entries.filter(
    (e) => e.event === "request" && e.text.includes(mallory.public.fingerprintHex),
  );
  assert.equal(requests.length, 1, "the key's requests are one entry");
  assert.match(
    requests[0]!.text,
    new RegExp(`^"mallory \\d+\\.\\d+" .* \\(${recorded} requests, the first at `),
  );

  // The same after a restart: the two logs are in the group file.
  assert.equal(await server.stop(), 0);
  server = await startServer(dataFile);
  assert.deepEqual(await adminEvents(), before);
});
