/**
 * Names from files written before the name rule, when C1 and bidi controls were allowed: the
 * group still opens, its members can still join (the hello's name shows those as U+FFFD), and
 * every name reaches the admin's terminal and the log escaped. A join request whose name holds
 * them now is refused by the protocol's schema.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { PendingRecord } from "../../server/state/group-schema.ts";
import { newGroupState } from "../../server/state/new-group.ts";
import { GroupStore } from "../../server/store/group-store.ts";
import { toBase64Url } from "../../shared/bytes.ts";
import type { Identity } from "../../shared/identity.ts";
import type { MemberClient } from "../../shared/member-client/member-client.ts";
import { VAULT_MIN_ITERATIONS } from "../../shared/vault.ts";
import { admin, identities, member, waitFor } from "./helpers/members.ts";
import { connectRaw, makeAuth } from "./helpers/raw-client.ts";
import {
  PASSWORD,
  ROOT,
  run,
  type ServerProcess,
  startServer,
  tempDir,
} from "./helpers/server-process.ts";

const LEGACY_GROUP = "Club \u009b2J\u202ereversed";
const LEGACY_NAME = "Eve\u009b2J\u202eevil";
const ESCAPED_NAME = '"Eve\\u{9b}2J\\u{202e}evil"';
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const dataFile = join(tempDir(), "group.grypt");
let server: ServerProcess;
let eve: Identity;
let carol: Identity;
let mallory: Identity;
const clients: MemberClient[] = [];

function gryptAdmin(args: string[]) {
  return run(process.execPath, [
    "--import",
    "tsx",
    join(ROOT, "server/bin/grypt-admin.ts"),
    ...args,
    "--data",
    dataFile,
  ]);
}

describe("names stored before the name rule", () => {
  before(async () => {
    const made = await identities(3);
    [eve, carol, mallory] = [made[0]!, made[1]!, made[2]!];
    const request: PendingRecord = {
      fingerprint: eve.public.fingerprintHex,
      signKey: toBase64Url(eve.public.signSpki),
      encKey: toBase64Url(eve.public.encSpki),
      name: LEGACY_NAME,
      address: "127.0.0.1",
      requestedAt: Date.now(),
    };
    const state = { ...(await newGroupState({ name: "x" })), name: LEGACY_GROUP };
    state.pending = [request];
    const store = await GroupStore.create(dataFile, PASSWORD, state, VAULT_MIN_ITERATIONS);
    await store.close();
    server = await startServer(dataFile);
  });
  after(async () => {
    for (const client of clients) client.stop();
    await server?.stop();
  });

  it("grypt-admin shows a stored name escaped, as text and as JSON", async () => {
    const pending = await gryptAdmin(["pending"]);
    assert.equal(pending.code, 0, pending.stderr);
    assert.ok(pending.stdout.includes(ESCAPED_NAME), pending.stdout);
    assert.doesNotMatch(pending.stdout, RAW);
    const json = await gryptAdmin(["pending", "--json"]);
    assert.equal(json.code, 0, json.stderr);
    assert.doesNotMatch(json.stdout, RAW);
    const parsed = JSON.parse(json.stdout) as { requests: { name: string }[] };
    assert.equal(parsed.requests[0]?.name, LEGACY_NAME, "the same JSON value");
    const status = await gryptAdmin(["status"]);
    assert.match(status.stdout, /group {6}"Club \uFFFD2J\uFFFDreversed"/);
  });

  it("the server log and the audit log show it escaped when the request is decided", async () => {
    const denied = await admin(
      server,
      { type: "deny", prefix: eve.public.fingerprintHex },
      "denied",
    );
    assert.equal(denied.request.name, LEGACY_NAME);
    const line = server
      .output()
      .split("\n")
      .find((l) => / denied /.test(l));
    assert.ok(line?.includes(`name=${ESCAPED_NAME}`), server.output());
    assert.doesNotMatch(server.output(), RAW);
    const audit = await gryptAdmin(["log"]);
    assert.match(audit.stdout, / deny /);
    assert.ok(audit.stdout.includes(ESCAPED_NAME), audit.stdout);
    assert.doesNotMatch(audit.stdout, RAW);
  });

  it("members still join a group whose stored name predates the rule", async () => {
    const client = member(server, carol, "Carol");
    clients.push(client);
    await waitFor(client, (s) => s.state === "pending");
    assert.equal(client.group?.groupName, "Club \uFFFD2J\uFFFDreversed");
    // The keys statement signs the name the hello gave: it verifies.
    await admin(server, { type: "approve", prefixes: [carol.public.fingerprintHex] }, "approved");
    await waitFor(client, (s) => s.state === "member");
  });

  it("a join request whose name holds C1 or bidi controls is refused by the schema", async () => {
    for (const name of ["Mal\u009b2Jlory", "Mal\u202elory", "Mal\u2066lory"]) {
      const peer = await connectRaw(server.url);
      peer.send(JSON.stringify(await makeAuth(peer.hello, mallory, { name })));
      const error = await peer.next("error");
      assert.equal(error.code, "MESSAGE_INVALID");
      assert.match(String(error.message), /name: name must not contain control characters/);
      peer.ws.close();
    }
    const pending = await admin(server, { type: "pending" }, "pending");
    assert.deepEqual(pending.requests, [], "nothing recorded for them");
    assert.doesNotMatch(server.output(), RAW);
  });
});
