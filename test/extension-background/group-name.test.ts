/**
 * The group name the extension keeps: a hello's name is unsigned, so a name the extension knows is
 * replaced only by one a keys message signed (protocol version 2), never by a man in the middle
 * who rewrites the hello and blocks the keys, on a reconnect or on joining the same server again.
 */
import "./fake-browser.ts"; // first: before any background module
import assert from "node:assert/strict";
import { afterEach, beforeEach, it } from "node:test";
import { handleUiRequest } from "../../extension/background/ui-requests.ts";
import { uiState } from "../../extension/background/ui-state.ts";
import { toBase64Url } from "../../shared/bytes.ts";
import { PROTOCOL_VERSION } from "../../shared/protocol/messages.ts";
import { ScriptedServer } from "../helpers/scripted-server.ts";
import { until } from "../helpers/until.ts";
import { PASSWORD, resetBackground, routeSockets } from "./background-state.ts";

beforeEach(resetBackground);
afterEach(resetBackground);

const groupOf = async (groupId: string) =>
  (await uiState()).groups.find((g) => g.groupId === groupId);

/** A member of the scripted server's "Test group"; then its hellos say `name` and its keys are blocked. */
async function memberThenRenamed(name: string): Promise<ScriptedServer> {
  const server = await ScriptedServer.create(1);
  routeSockets((url) => server.connect(url));
  await handleUiRequest({ type: "create-identity", name: "alice", password: PASSWORD });
  await handleUiRequest({ type: "join-group", text: "ws://group.test/" });
  await handleUiRequest({ type: "trust-server", accept: true });
  await until("member", async () =>
    (await groupOf(server.groupId))?.state === "member" ? true : undefined,
  );
  assert.equal((await groupOf(server.groupId))?.name, "Test group");
  server.hello = (conn) => ({
    type: "hello",
    version: PROTOCOL_VERSION,
    groupId: server.groupId,
    groupName: name,
    serverKey: toBase64Url(server.identity.spki),
    nonce: toBase64Url(conn.nonce),
  });
  server.outgoing = (message) => (message.type === "keys" ? undefined : message);
  return server;
}

it("a reconnect whose hello renames the group keeps the known name", async () => {
  const server = await memberThenRenamed("Evil name");
  const connections = server.connections.length;
  await handleUiRequest({ type: "reconnect-group", groupId: server.groupId });
  await until("auth on the new connection", async () =>
    server.connections.length > connections && server.connections.at(-1)?.member ? true : undefined,
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal((await groupOf(server.groupId))?.name, "Test group");
});

it("joining the same server again by its URL keeps the known name", async () => {
  const server = await memberThenRenamed("Evil name");
  await handleUiRequest({ type: "join-group", text: "ws://group.test/" });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal((await groupOf(server.groupId))?.name, "Test group");
});
