/**
 * Group connections belong to the session they were started in: a lock that lands while a group
 * connects leaves no client running, a client of an earlier session is replaced, and a client in
 * a final state keeps nothing awake and its group gets no new posts.
 */
import "./fake-browser.ts"; // first: before any background module
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { encryptForGroup } from "../../extension/background/content-requests.ts";
import { connectAll, hasClients } from "../../extension/background/group-connections.ts";
import { addKeys, heldEpochs } from "../../extension/background/key-cache.ts";
import { updateStatus } from "../../extension/background/stored-state.ts";
import { lock, requireUnlocked, unlock } from "../../extension/background/vault-session.ts";
import { codeOf } from "../helpers/error-code.ts";
import { ScriptedServer } from "../helpers/scripted-server.ts";
import { until } from "../helpers/until.ts";
import {
  addGroup,
  epochKeys,
  memberWithKeys,
  PASSWORD,
  resetBackground,
  routeSockets,
} from "./background-state.ts";
import { fake } from "./fake-browser.ts";

let server: ScriptedServer;

async function memberOfServer(): Promise<void> {
  server = await ScriptedServer.create(1);
  routeSockets(server.connect);
  await memberWithKeys();
  await addGroup(server.groupId, "ws://group.test/", server.identity.fingerprintHex);
}

/** Wait until storage holds `epoch` for the server's group. */
const cached = (epoch: number) =>
  until(`epoch ${epoch} cached`, async () => {
    const epochs = await heldEpochs((await requireUnlocked()).vaultKey, server.groupId);
    return epochs.includes(epoch) ? epochs : undefined;
  });

const openConnections = () => server.connections.filter((conn) => conn.state !== "closed").length;

describe("group connections across lock and unlock", () => {
  beforeEach(resetBackground);
  afterEach(resetBackground);

  it("a lock landing while a group connects leaves no client, and the next unlock connects afresh", async () => {
    await memberOfServer();
    fake.beforeGet = async (_area, keys) => {
      if (typeof keys !== "string" || !keys.startsWith("keys:")) return;
      fake.beforeGet = undefined;
      await lock(); // auto-lock, while connectAll reads the group's keys
    };
    await connectAll();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(hasClients(), false);
    assert.equal(server.connections.length, 0, "no connection opened");

    await unlock(PASSWORD);
    await connectAll();
    await cached(1);
    await server.rotate();
    assert.deepEqual(await cached(2), [1, 2]);
  });

  it("replaces a client left from an earlier session", async () => {
    await memberOfServer();
    await connectAll();
    await cached(1);
    // Locked and unlocked again without the lock listener dropping the connection.
    await lock();
    await unlock(PASSWORD);
    await connectAll();
    await until("the old connection closed", async () =>
      openConnections() === 1 ? true : undefined,
    );
    await server.rotate();
    assert.deepEqual(await cached(2), [1, 2], "keys of the new session are stored");
  });
});

describe("groups in a final state", () => {
  beforeEach(resetBackground);
  afterEach(resetBackground);

  it("a removed member's client keeps nothing awake and is not started again", async () => {
    await memberOfServer();
    await connectAll();
    await cached(1);
    assert.equal(hasClients(), true);
    const member = server.connections[0]?.member;
    assert.ok(member);
    await server.kick(member.fingerprintHex);
    await until("the client removed", async () => (hasClients() ? undefined : true));
    await connectAll(); // the keepalive alarm
    assert.equal(hasClients(), false);
    assert.equal(server.connections.length, 1, "not connected again");
  });

  it("refuses to encrypt for a group the member was removed from or whose server key changed", async () => {
    const open = await memberWithKeys("G1");
    assert.equal((await encryptForGroup("hi", "G1")).epoch, 3);
    await updateStatus("G1", { state: "removed", detail: "", epoch: 3 });
    assert.equal(await codeOf(() => encryptForGroup("hi", "G1")), "REMOVED");
    await updateStatus("G1", { state: "key-mismatch", detail: "", epoch: 3 });
    assert.equal(
      await codeOf(() => encryptForGroup("hi")),
      "SERVER_KEY_MISMATCH",
      "the default group too",
    );
    await updateStatus("G1", { state: "member", detail: "", epoch: 4 });
    await addKeys(open.vaultKey, "G1", epochKeys(4));
    assert.equal((await encryptForGroup("hi", "G1")).epoch, 4);
  });
});
