import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Identity } from "../../shared/identity.ts";
import { PROTOCOL_VERSION } from "../../shared/protocol/messages.ts";
import {
  makeClient,
  makeIdentity,
  reach,
  settle,
  states,
} from "../helpers/member-client-fixture.ts";
import { ScriptedServer } from "../helpers/scripted-server.ts";

let alice: Identity;
let server: ScriptedServer;
let other: ScriptedServer;
const running: { stop(): void }[] = [];

before(async () => {
  alice = await makeIdentity();
  other = await ScriptedServer.create();
});
after(() => {
  for (const c of running) c.stop();
});

function track<T extends { client: { stop(): void } }>(rec: T): T {
  running.push(rec.client);
  return rec;
}

describe("member client handshake", () => {
  it("becomes a member and holds every epoch's key (happy path)", async () => {
    server = await ScriptedServer.create(2);
    const rec = track(makeClient(server, alice));
    rec.client.start();
    const status = await reach(rec.client, "member");
    assert.deepEqual(status, { state: "member", groupId: server.groupId, epoch: 2 });
    assert.deepEqual(states(rec), ["connecting", "member"]);
    assert.deepEqual(rec.client.epochs(), [1, 2]);
    assert.deepEqual(rec.client.key(1), server.epochKeys.get(1));
    assert.deepEqual(rec.client.key(2), server.epochKeys.get(2));
    assert.equal(rec.client.currentEpoch, 2);
    assert.equal(rec.keys.length, 1);
    assert.deepEqual(rec.keys[0]!.info, {
      groupId: server.groupId,
      groupName: "Test group",
      fingerprintHex: server.identity.fingerprintHex,
    });
    assert.deepEqual(
      rec.keys[0]!.newKeys.map((k) => k.epoch),
      [1, 2],
    );
    const [auth] = server.receivedOf("auth");
    assert.equal(auth?.haveEpoch, 0);
    assert.equal(auth?.name, "Alice");
    assert.equal(server.connections[0]?.state, "member", "the server verified the auth signature");
    assert.deepEqual(rec.errors, []);
  });

  it("asks only for epochs above the keys it already holds", async () => {
    server = await ScriptedServer.create(3);
    const knownKeys = [1, 2].map((epoch) => ({ epoch, key: server.epochKeys.get(epoch)! }));
    const rec = track(makeClient(server, alice, { knownKeys }));
    assert.equal(rec.client.currentEpoch, 2);
    rec.client.start();
    await reach(rec.client, "member");
    assert.equal(server.receivedOf("auth")[0]?.haveEpoch, 2);
    assert.deepEqual(
      rec.keys[0]!.newKeys.map((k) => k.epoch),
      [3],
    );
    assert.deepEqual(rec.client.epochs(), [1, 2, 3]);
  });

  it("waits as pending, then receives keys on the same connection", async () => {
    server = await ScriptedServer.create();
    server.decide = () => "pending";
    const rec = track(makeClient(server, alice));
    rec.client.start();
    const pending = await reach(rec.client, "pending");
    assert.deepEqual(pending, { state: "pending", fingerprint: alice.public.fingerprintHex });
    assert.equal(rec.client.key(1), undefined);
    await server.approve(alice.public.fingerprintHex);
    await reach(rec.client, "member");
    assert.equal(server.connections.length, 1);
    assert.deepEqual(states(rec), ["connecting", "pending", "member"]);
    assert.deepEqual(rec.client.key(1), server.epochKeys.get(1));
  });

  for (const [answer, code] of [
    ["denied", "DENIED"],
    ["removed", "REMOVED"],
  ] as const) {
    it(`stops for good when the server answers ${answer} right after auth, and gets no keys`, async () => {
      server = await ScriptedServer.create();
      server.decide = () => answer;
      const rec = track(makeClient(server, alice));
      rec.client.start();
      await reach(rec.client, answer);
      await assert.rejects(
        rec.client.waitForStatus((s) => s.state === "member"),
        { code },
      );
      await settle();
      assert.deepEqual(states(rec), ["connecting", answer]);
      assert.deepEqual(rec.errors, [], `\`${answer}\` after auth is not a protocol error`);
      assert.deepEqual(rec.keys, []);
      assert.equal(rec.client.key(1), undefined);
      assert.deepEqual(rec.timers.pending(), [], "no reconnect is scheduled");
      rec.timers.advance(120_000);
      await settle();
      assert.equal(server.connections.length, 1);
      assert.equal(rec.client.status.state, answer);
    });
  }

  it("stops for good when removed, keeping the keys it had", async () => {
    server = await ScriptedServer.create();
    const rec = track(makeClient(server, alice));
    rec.client.start();
    await reach(rec.client, "member");
    await server.kick(alice.public.fingerprintHex);
    await reach(rec.client, "removed");
    assert.equal(rec.client.key(2), undefined, "the key made after removal never arrives");
    assert.deepEqual(rec.client.key(1), server.epochKeys.get(1));
    rec.timers.advance(120_000);
    await settle();
    assert.equal(server.connections.length, 1);
  });

  it("refuses a server whose key is not the pinned one, before sending auth", async () => {
    server = await ScriptedServer.create();
    const rec = track(makeClient(server, alice, { pin: other.identity.fingerprintHex }));
    rec.client.start();
    const status = await reach(rec.client, "key-mismatch");
    assert.deepEqual(status, {
      state: "key-mismatch",
      expected: other.identity.fingerprintHex,
      presented: server.identity.fingerprintHex,
    });
    await settle();
    assert.deepEqual(server.receivedOf("auth"), []);
    assert.equal(server.connections[0]?.state, "closed");
    assert.deepEqual(rec.timers.pending(), []);
  });

  it("refuses a hello whose group id does not come from the server key", async () => {
    server = await ScriptedServer.create();
    server.hello = (conn) => ({
      type: "hello",
      version: PROTOCOL_VERSION,
      groupId: other.groupId,
      groupName: "spoof",
      serverKey: Buffer.from(server.identity.spki).toString("base64url"),
      nonce: Buffer.from(conn.nonce).toString("base64url"),
    });
    const rec = track(makeClient(server, alice));
    rec.client.start();
    const status = await reach(rec.client, "unreachable");
    assert.equal(status.state === "unreachable" && status.error.code, "SERVER_KEY_MISMATCH");
    assert.deepEqual(server.receivedOf("auth"), []);
  });

  it("pins on first use when the callback trusts the key, and reports the pin", async () => {
    server = await ScriptedServer.create();
    const asked: string[] = [];
    const rec = track(
      makeClient(server, alice, {
        pin: undefined,
        trustOnFirstUse: async (info) => {
          asked.push(info.fingerprintHex);
          return true;
        },
      }),
    );
    rec.client.start();
    await reach(rec.client, "member");
    assert.deepEqual(asked, [server.identity.fingerprintHex]);
    assert.deepEqual(
      rec.pinned.map((p) => p.fingerprintHex),
      [server.identity.fingerprintHex],
    );
    assert.equal(rec.client.pin, server.identity.fingerprintHex);
    // A reconnect uses the pin and does not ask again.
    server.dropAll();
    await reach(rec.client, "unreachable");
    rec.timers.advance(1000);
    await reach(rec.client, "member");
    assert.equal(asked.length, 1);
  });

  it("refuses when trust on first use declines, or when there is neither pin nor callback", async () => {
    server = await ScriptedServer.create();
    const declined = track(
      makeClient(server, alice, { pin: undefined, trustOnFirstUse: async () => false }),
    );
    declined.client.start();
    assert.deepEqual(await reach(declined.client, "key-mismatch"), {
      state: "key-mismatch",
      expected: null,
      presented: server.identity.fingerprintHex,
    });
    const bare = track(makeClient(server, alice, { pin: undefined }));
    bare.client.start();
    await reach(bare.client, "key-mismatch");
    await settle();
    assert.deepEqual(server.receivedOf("auth"), []);
    assert.deepEqual(declined.pinned, []);
  });

  it("ignores a trust answer that comes after the client was restarted", async () => {
    server = await ScriptedServer.create();
    const answers: Array<(trusted: boolean) => void> = [];
    const rec = track(
      makeClient(server, alice, {
        pin: undefined,
        trustOnFirstUse: () => new Promise<boolean>((resolve) => answers.push(resolve)),
      }),
    );
    rec.client.start();
    while (answers.length === 0) await settle();
    rec.client.stop();
    rec.client.start(); // a new connection, asking again
    while (answers.length < 2) await settle();
    answers[0]!(false); // the first prompt's answer arrives late
    await settle();
    assert.equal(rec.client.status.state, "connecting", "the stale answer ends nothing");
    answers[1]!(true);
    await reach(rec.client, "member");
  });

  it("checks its options", () => {
    assert.throws(() => makeClient(other, alice, { url: "https://x.test" }), {
      code: "INVALID_ARGUMENT",
      message: /wss/,
    });
    assert.throws(() => makeClient(other, alice, { name: "" }), {
      code: "INVALID_ARGUMENT",
      message: /member name/,
    });
    assert.throws(() => makeClient(other, alice, { name: "a\nb" }), { code: "INVALID_ARGUMENT" });
    assert.throws(() => makeClient(other, alice, { pin: "ABC" }), {
      code: "INVALID_ARGUMENT",
      message: /pin/,
    });
    assert.throws(() => makeClient(other, alice, { keepaliveMs: 0 }), { code: "INVALID_ARGUMENT" });
  });
});
