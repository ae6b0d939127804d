import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fromBase64Url, randomBytes, toBase64Url } from "../../shared/bytes.ts";
import type { Identity } from "../../shared/identity.ts";
import { commitSessionKey, wrapSessionKey } from "../../shared/key-delivery.ts";
import type { MemberStatus } from "../../shared/member-client/member-status.ts";
import { type Keys, PROTOCOL_VERSION, type ServerMessage } from "../../shared/protocol/messages.ts";
import { signStatement } from "../../shared/signed-statements.ts";
import {
  makeClient,
  makeIdentity,
  type Recorded,
  reach,
  settle,
  until,
} from "../helpers/member-client-fixture.ts";
import { type ScriptedConnection, ScriptedServer } from "../helpers/scripted-server.ts";

let alice: Identity;
let bob: Identity;
const running: { stop(): void }[] = [];

before(async () => {
  [alice, bob] = await Promise.all([makeIdentity(), makeIdentity()]);
});
after(() => {
  for (const c of running) c.stop();
});

function start(server: ScriptedServer, identity = alice): Recorded {
  const rec = makeClient(server, identity);
  running.push(rec.client);
  rec.client.start();
  return rec;
}

function flipBit(b64: string): string {
  const bytes = fromBase64Url(b64);
  bytes[bytes.length - 1]! ^= 1;
  return toBase64Url(bytes);
}

async function expectDropped(rec: Recorded, server: ScriptedServer, code: string): Promise<void> {
  const status: MemberStatus = await reach(rec.client, "unreachable");
  assert.equal(status.state === "unreachable" && status.error.code, code);
  assert.ok(rec.errors.some((e) => e.code === code));
  await settle();
  assert.equal(server.connections.at(-1)?.state, "closed", "the client dropped the connection");
}

/** A keys message signed correctly over the connection's nonces and group name, with entries the test chooses. */
async function signedKeys(
  server: ScriptedServer,
  conn: ScriptedConnection,
  entries: { epoch: number; key: Uint8Array; wrapFor: CryptoKey; commitTo?: Uint8Array }[],
): Promise<Keys> {
  const keys = [];
  for (const e of entries) {
    keys.push({
      epoch: e.epoch,
      wrapped: await wrapSessionKey(e.wrapFor, e.key),
      commitment: await commitSessionKey(server.groupId, e.epoch, e.commitTo ?? e.key),
    });
  }
  const signature = await signStatement(server.identity.signPrivate, {
    purpose: "keys",
    nonce: conn.nonce,
    clientNonce: conn.member!.clientNonce,
    groupId: server.groupId,
    groupName: server.groupName,
    memberFingerprint: alice.public.fingerprint,
    epoch: server.currentEpoch,
    keys: keys.map((k) => ({ epoch: k.epoch, commitment: k.commitment })),
  });
  return {
    type: "keys",
    groupId: server.groupId,
    epoch: server.currentEpoch,
    keys: keys.map((k) => ({
      epoch: k.epoch,
      wrapped: toBase64Url(k.wrapped),
      commitment: toBase64Url(k.commitment),
    })),
    signature: toBase64Url(signature),
  };
}

/** Send `replacement` instead of the first keys message. */
function replaceKeys(
  server: ScriptedServer,
  replacement: (conn: ScriptedConnection, original: Keys) => Promise<ServerMessage | string>,
): void {
  server.decide = () => "pending";
  const original = server.outgoing;
  server.outgoing = (message, conn) => {
    if (message.type === "pending" && conn.member) {
      void server
        .keysFor(conn, conn.member)
        .then(async (keys) => server.send(conn, await replacement(conn, keys)));
      server.outgoing = original;
      return undefined;
    }
    return message;
  };
}

describe("member client verification of keys", () => {
  it("rejects a keys message with a forged signature and never uses its keys", async () => {
    const server = await ScriptedServer.create();
    replaceKeys(server, async (_conn, keys) => ({ ...keys, signature: flipBit(keys.signature) }));
    const rec = start(server);
    await expectDropped(rec, server, "SIGNATURE_INVALID");
    assert.deepEqual(rec.client.epochs(), []);
    assert.deepEqual(rec.keys, []);
  });

  it("rejects a signed keys message whose commitment does not match the key", async () => {
    const server = await ScriptedServer.create();
    replaceKeys(server, (conn) =>
      signedKeys(server, conn, [
        {
          epoch: 1,
          key: server.epochKeys.get(1)!,
          wrapFor: conn.member!.encPublic,
          commitTo: randomBytes(32),
        },
      ]),
    );
    const rec = start(server);
    await expectDropped(rec, server, "COMMITMENT_MISMATCH");
    assert.deepEqual(rec.client.epochs(), []);
  });

  it("rejects a signed keys message whose key is wrapped to someone else", async () => {
    const server = await ScriptedServer.create();
    replaceKeys(server, (conn) =>
      signedKeys(server, conn, [
        { epoch: 1, key: server.epochKeys.get(1)!, wrapFor: bob.encPublic },
      ]),
    );
    const rec = start(server);
    await expectDropped(rec, server, "UNWRAP_FAILED");
    assert.deepEqual(rec.client.epochs(), []);
  });

  it("rejects keys replayed from another connection (signed over another nonce)", async () => {
    const server = await ScriptedServer.create();
    const first = start(server);
    await reach(first.client, "member");
    first.client.stop();
    const recorded = server.connections[0]!.sent.find((text) => text.includes('"keys"'))!;
    server.outgoing = (message) => (message.type === "keys" ? recorded : message);
    const second = start(server);
    await expectDropped(second, server, "SIGNATURE_INVALID");
    assert.deepEqual(second.client.epochs(), []);
  });

  it("rejects a hello and its keys replayed together from another connection (signed over another member nonce)", async () => {
    const server = await ScriptedServer.create();
    const first = start(server);
    await reach(first.client, "member");
    first.client.stop();
    // A man in the middle plays back the whole recorded handshake: the hello with its nonce, and
    // the keys signed over it. Only the member's own fresh nonce tells them apart.
    const hello = server.connections[0]!.sent.find((text) => text.includes('"hello"'))!;
    const keys = server.connections[0]!.sent.find((text) => text.includes('"keys"'))!;
    const recordedNonce = server.connections[0]!.nonce;
    await server.rotate();
    server.hello = (conn) => {
      conn.nonce = recordedNonce; // so this stand-in accepts the auth signed over the replayed hello
      return hello;
    };
    server.outgoing = (message) => (message.type === "keys" ? keys : message);
    const second = start(server);
    await expectDropped(second, server, "SIGNATURE_INVALID");
    assert.deepEqual(second.client.epochs(), []);
    assert.ok(
      !second.statuses.some((st) => st.state === "member"),
      "never a member on the replayed epoch",
    );
  });

  it("rejects keys when the hello renamed the group (the keys statement signs the name)", async () => {
    const server = await ScriptedServer.create();
    server.hello = (conn) => ({ ...helloFor(server, conn), groupName: "Renamed on the way" });
    const rec = start(server);
    await expectDropped(rec, server, "SIGNATURE_INVALID");
    assert.deepEqual(rec.client.epochs(), []);
  });

  it("rejects a keys message for another group, or one lacking the current epoch's key", async () => {
    const server = await ScriptedServer.create(2);
    replaceKeys(server, (conn) =>
      signedKeys(server, conn, [
        { epoch: 1, key: server.epochKeys.get(1)!, wrapFor: conn.member!.encPublic },
      ]),
    );
    const rec = start(server);
    await expectDropped(rec, server, "MESSAGE_INVALID");
    assert.match(rec.errors.at(-1)!.message, /lacks the key of the current epoch 2/);
    assert.deepEqual(rec.client.epochs(), []);
  });

  it("refuses a keys message that would lower the current epoch", async () => {
    const server = await ScriptedServer.create(2);
    const known = [{ epoch: 3, key: randomBytes(32) }];
    const rec = makeClient(server, alice, { knownKeys: known });
    running.push(rec.client);
    rec.client.start();
    await expectDropped(rec, server, "EPOCH_ROLLBACK");
    assert.equal(rec.client.currentEpoch, 3);
    assert.deepEqual(rec.client.epochs(), [3]);
  });
});

describe("member client verification of rekeys", () => {
  it("accepts a verified rekey to a higher epoch", async () => {
    const server = await ScriptedServer.create();
    const rec = start(server);
    await reach(rec.client, "member");
    await server.rotate();
    await until(rec.client, (s) => s.state === "member" && s.epoch === 2);
    assert.deepEqual(rec.client.key(2), server.epochKeys.get(2));
    assert.equal(rec.client.currentEpoch, 2);
    assert.deepEqual(
      rec.keys.at(-1)?.newKeys.map((k) => k.epoch),
      [2],
    );
    assert.equal(rec.keys.at(-1)?.currentEpoch, 2);
  });

  it("ignores a replayed rekey that does not raise the epoch, and stays connected", async () => {
    const server = await ScriptedServer.create();
    const rec = start(server);
    await reach(rec.client, "member");
    await server.rotate();
    await server.rotate();
    await until(rec.client, (s) => s.state === "member" && s.epoch === 3);
    const conn = server.connections[0]!;
    const oldRekey = conn.sent.find((text) => text.includes('"epoch":2'))!;
    server.send(conn, JSON.parse(oldRekey) as ServerMessage);
    await settle(20);
    assert.ok(rec.errors.some((e) => e.code === "EPOCH_ROLLBACK"));
    assert.equal(rec.client.currentEpoch, 3);
    assert.equal(rec.client.status.state, "member");
    assert.equal(conn.state, "member", "the connection stays open");
    await server.rotate();
    await until(rec.client, (s) => s.state === "member" && s.epoch === 4);
  });

  it("drops the connection on a rekey with a forged signature", async () => {
    const server = await ScriptedServer.create();
    const rec = start(server);
    await reach(rec.client, "member");
    server.outgoing = (message) =>
      message.type === "rekey" ? { ...message, signature: flipBit(message.signature) } : message;
    await server.rotate();
    await expectDropped(rec, server, "SIGNATURE_INVALID");
    assert.equal(rec.client.currentEpoch, 1);
    assert.equal(rec.client.key(2), undefined);
  });

  it("drops the connection on a signed rekey whose commitment does not match its key", async () => {
    const server = await ScriptedServer.create();
    const rec = start(server);
    await reach(rec.client, "member");
    const conn = server.connections[0]!;
    const commitment = await commitSessionKey(server.groupId, 2, randomBytes(32));
    const signature = await signStatement(server.identity.signPrivate, {
      purpose: "rekey",
      groupId: server.groupId,
      epoch: 2,
      previousEpoch: 1,
      commitment,
    });
    const wrapped = await wrapSessionKey(conn.member!.encPublic, randomBytes(32));
    server.send(conn, {
      type: "rekey",
      groupId: server.groupId,
      epoch: 2,
      previousEpoch: 1,
      wrapped: toBase64Url(wrapped),
      commitment: toBase64Url(commitment),
      signature: toBase64Url(signature),
    });
    await expectDropped(rec, server, "COMMITMENT_MISMATCH");
    assert.equal(rec.client.currentEpoch, 1);
    assert.equal(rec.client.key(2), undefined);
    assert.equal(rec.keys.length, 1, "only the first keys message was delivered");
  });
});

describe("member client against bad frames", () => {
  for (const [name, frame, code] of [
    ["text that is not JSON", "{nope", "MESSAGE_NOT_JSON"],
    ["an unknown type", '{"type":"surprise"}', "MESSAGE_INVALID"],
    ["a field of the wrong type", '{"type":"pending","fingerprint":42}', "MESSAGE_INVALID"],
  ] as const) {
    it(`drops the connection on ${name}, then reconnects`, async () => {
      const server = await ScriptedServer.create();
      server.hello = (conn) => (server.connections.length === 1 ? frame : helloFor(server, conn));
      const rec = start(server);
      await expectDropped(rec, server, code);
      rec.timers.advance(1000);
      await reach(rec.client, "member");
      assert.equal(server.connections.length, 2);
    });
  }

  it("drops the connection on keys before authentication", async () => {
    const server = await ScriptedServer.create();
    server.hello = () => ({
      type: "keys",
      groupId: server.groupId,
      epoch: 1,
      keys: [],
      signature: toBase64Url(new Uint8Array(64)),
    });
    const rec = start(server);
    await expectDropped(rec, server, "MESSAGE_UNEXPECTED");
    assert.match(rec.errors.at(-1)!.message, /"keys" while the connection was at "hello"/);
  });

  it("drops the connection on a second hello", async () => {
    const server = await ScriptedServer.create();
    const rec = start(server);
    await reach(rec.client, "member");
    const conn = server.connections[0]!;
    server.send(conn, JSON.parse(conn.sent[0]!) as ServerMessage);
    await expectDropped(rec, server, "MESSAGE_UNEXPECTED");
  });

  it("drops the connection on a rekey before membership", async () => {
    const server = await ScriptedServer.create();
    server.decide = () => "pending";
    const rec = start(server);
    await reach(rec.client, "pending");
    const conn = server.connections[0]!;
    conn.state = "member";
    await server.rotate();
    await expectDropped(rec, server, "MESSAGE_UNEXPECTED");
    assert.match(rec.errors.at(-1)!.message, /"rekey" while the connection was at "pending"/);
    assert.equal(rec.client.key(2), undefined);
  });

  it("reports the server's error when the server refuses the auth", async () => {
    const server = await ScriptedServer.create();
    server.hello = (conn) => ({ ...helloFor(server, conn), nonce: toBase64Url(randomBytes(32)) });
    const rec = start(server);
    const status = await reach(rec.client, "unreachable");
    assert.deepEqual(status.state === "unreachable" && status.error, {
      code: "AUTH_FAILED",
      message: "server: authentication failed",
    });
  });
});

function helloFor(
  server: ScriptedServer,
  conn: ScriptedConnection,
): Extract<ServerMessage, { type: "hello" }> {
  return {
    type: "hello",
    version: PROTOCOL_VERSION,
    groupId: server.groupId,
    groupName: server.groupName,
    serverKey: toBase64Url(server.identity.spki),
    nonce: toBase64Url(conn.nonce),
  };
}
