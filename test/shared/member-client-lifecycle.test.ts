import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { randomBytes } from "../../shared/bytes.ts";
import type { Identity } from "../../shared/identity.ts";
import { Backoff } from "../../shared/member-client/backoff.ts";
import { EpochKeyring } from "../../shared/member-client/epoch-keyring.ts";
import {
  makeClient,
  makeIdentity,
  type Recorded,
  reach,
  settle,
  states,
  until,
} from "../helpers/member-client-fixture.ts";
import { ScriptedServer } from "../helpers/scripted-server.ts";

let alice: Identity;
const running: { stop(): void }[] = [];

before(async () => {
  alice = await makeIdentity();
});
after(() => {
  for (const c of running) c.stop();
});

function start(server: ScriptedServer, options: Parameters<typeof makeClient>[2] = {}): Recorded {
  const rec = makeClient(server, alice, options);
  running.push(rec.client);
  rec.client.start();
  return rec;
}

describe("member client reconnects", () => {
  it("reconnects with exponential backoff after a drop, and asks only for newer epochs", async () => {
    const server = await ScriptedServer.create();
    const rec = start(server);
    await reach(rec.client, "member");
    server.online = false;
    server.dropAll();
    let status = await reach(rec.client, "unreachable");
    assert.deepEqual(status, {
      state: "unreachable",
      error: { code: "CONNECTION_CLOSED", message: "connection closed (code 1006)" },
      retryInMs: 1000,
    });
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      rec.timers.advance(status.state === "unreachable" ? status.retryInMs : 0);
      status = await until(
        rec.client,
        (s) =>
          s.state === "unreachable" &&
          rec.statuses.filter((x) => x.state === "unreachable").length === i + 2,
      );
      if (status.state === "unreachable") {
        assert.equal(status.error.code, "UNREACHABLE");
        delays.push(status.retryInMs);
      }
    }
    assert.deepEqual(delays, [2000, 4000, 8000, 8000], "doubling, capped at maxMs");
    server.online = true;
    await server.rotate();
    rec.timers.advance(8000);
    await reach(rec.client, "member");
    const auths = server.receivedOf("auth");
    assert.deepEqual(
      auths.map((a) => a.haveEpoch),
      [0, 1],
    );
    assert.deepEqual(rec.client.epochs(), [1, 2]);
    assert.equal(rec.client.currentEpoch, 2);
    // A success resets the backoff.
    server.dropAll();
    status = await reach(rec.client, "unreachable");
    assert.equal(status.state === "unreachable" && status.retryInMs, 1000);
    assert.deepEqual(states(rec).slice(0, 4), [
      "connecting",
      "member",
      "unreachable",
      "connecting",
    ]);
  });

  it("jitter takes a random share off the delay", () => {
    const values = [0, 0.5, 0.999];
    const backoff = new Backoff(
      { initialMs: 1000, maxMs: 60_000, jitter: 0.5 },
      () => values.shift()!,
    );
    assert.deepEqual([backoff.next(), backoff.next(), backoff.next()], [1000, 1500, 2002]);
    assert.equal(backoff.failures, 3);
    backoff.reset();
    assert.equal(backoff.failures, 0);
    assert.throws(() => new Backoff({ jitter: 2 }), { code: "INVALID_ARGUMENT" });
    assert.throws(() => new Backoff({ initialMs: 10, maxMs: 5 }), { code: "INVALID_ARGUMENT" });
  });

  it("stop() closes the connection and never reconnects", async () => {
    const server = await ScriptedServer.create();
    const rec = start(server);
    await reach(rec.client, "member");
    rec.client.stop();
    assert.equal(rec.client.status.state, "stopped");
    await settle();
    assert.equal(server.connections[0]?.state, "closed");
    assert.deepEqual(rec.timers.pending(), []);
    rec.timers.advance(600_000);
    await settle();
    assert.equal(server.connections.length, 1);
    await assert.rejects(
      rec.client.waitForStatus((s) => s.state === "member"),
      { code: "CONNECTION_CLOSED" },
    );
    assert.deepEqual(rec.client.epochs(), [1], "keys stay available offline");
  });

  it("stop() from the status callback opens no connection", async () => {
    const server = await ScriptedServer.create();
    let stopper: { stop(): void } | undefined;
    const rec = makeClient(server, alice, {
      onStatus: (s) => s.state === "connecting" && stopper?.stop(),
    });
    stopper = rec.client;
    rec.client.start();
    await settle();
    assert.equal(rec.client.status.state, "stopped");
    assert.equal(server.connections.length, 0);
    assert.deepEqual(rec.timers.pending(), []);
  });

  it("gives up a handshake the server does not finish", async () => {
    const server = await ScriptedServer.create();
    server.hello = () => undefined;
    const rec = start(server, { handshakeTimeoutMs: 5000 });
    await settle();
    assert.equal(rec.client.status.state, "connecting");
    rec.timers.advance(5000);
    const status = await reach(rec.client, "unreachable");
    assert.equal(status.state === "unreachable" && status.error.code, "TIMEOUT");
    await settle();
    assert.equal(server.connections[0]?.state, "closed");
  });

  it("does not time out while waiting as pending", async () => {
    const server = await ScriptedServer.create();
    server.decide = () => "pending";
    const rec = start(server, { handshakeTimeoutMs: 5000 });
    await reach(rec.client, "pending");
    for (let i = 0; i < 6; i++) {
      rec.timers.advance(10_000);
      await settle(5);
    }
    assert.equal(rec.client.status.state, "pending");
    assert.equal(server.connections.length, 1);
    assert.equal(server.receivedOf("ping").length, 3, "pending connections are kept alive too");
  });

  it("waitForStatus times out on the client's clock and honours an abort signal", async () => {
    const server = await ScriptedServer.create();
    server.decide = () => "pending";
    const rec = start(server);
    await reach(rec.client, "pending");
    const waiting = rec.client.waitForStatus((s) => s.state === "member", { timeoutMs: 3000 });
    rec.timers.advance(3000);
    await assert.rejects(waiting, { code: "TIMEOUT" });
    const controller = new AbortController();
    const aborted = rec.client.waitForStatus((s) => s.state === "member", {
      signal: controller.signal,
    });
    controller.abort();
    await assert.rejects(aborted, { code: "TIMEOUT" });
  });
});

describe("member client keepalive", () => {
  it("pings every keepaliveMs while connected", async () => {
    const server = await ScriptedServer.create();
    const rec = start(server);
    await reach(rec.client, "member");
    assert.equal(server.receivedOf("ping").length, 0);
    for (let i = 1; i <= 3; i++) {
      rec.timers.advance(20_000);
      await settle(5);
      assert.equal(server.receivedOf("ping").length, i);
    }
    assert.equal(rec.client.status.state, "member");
  });

  it("drops a connection whose server stops answering", async () => {
    const server = await ScriptedServer.create();
    server.answerPings = false;
    const rec = start(server, { keepaliveMs: 10_000 });
    await reach(rec.client, "member");
    rec.timers.advance(10_000);
    await settle();
    assert.equal(rec.client.status.state, "member");
    rec.timers.advance(10_000);
    const status = await reach(rec.client, "unreachable");
    assert.equal(status.state === "unreachable" && status.error.code, "TIMEOUT");
  });
});

describe("epoch keyring", () => {
  it("reports the highest epoch held without gaps", () => {
    const ring = new EpochKeyring();
    assert.equal(ring.haveEpoch(), 0);
    for (const epoch of [3, 4, 6]) ring.add(epoch, randomBytes(32));
    assert.equal(ring.haveEpoch(), 4);
    assert.equal(ring.highest(), 6);
    ring.add(5, randomBytes(32));
    assert.equal(ring.haveEpoch(), 6);
    assert.deepEqual(ring.epochs(), [3, 4, 5, 6]);
  });

  it("tells new keys from known ones and checks its input", () => {
    const key = randomBytes(32);
    const ring = new EpochKeyring([{ epoch: 1, key }]);
    assert.equal(ring.add(1, key.slice()), false);
    assert.equal(ring.add(1, randomBytes(32)), true);
    assert.throws(() => ring.add(0, key), { code: "INVALID_ARGUMENT" });
    assert.throws(() => ring.add(2, randomBytes(16)), { code: "INVALID_ARGUMENT" });
    const copy = ring.get(1)!;
    copy.fill(0);
    assert.notDeepEqual(ring.get(1), copy, "callers get copies");
  });
});
