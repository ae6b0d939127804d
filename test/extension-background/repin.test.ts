/**
 * Re-pinning a group whose server got a new key (the admin confirmed it): the new key makes a
 * new group, which becomes the default; the old one stops connecting, raises no alarm, refuses
 * new posts, and keeps its keys, so the posts made under the old key still decrypt.
 */
import "./fake-browser.ts"; // first: before any background module
import assert from "node:assert/strict";
import { afterEach, beforeEach, it } from "node:test";
import {
  encryptForGroup,
  handleContentRequest,
} from "../../extension/background/content-requests.ts";
import { hasClients } from "../../extension/background/group-connections.ts";
import { readStatuses } from "../../extension/background/stored-state.ts";
import { handleUiRequest } from "../../extension/background/ui-requests.ts";
import { uiState } from "../../extension/background/ui-state.ts";
import { codeOf } from "../helpers/error-code.ts";
import { ScriptedServer } from "../helpers/scripted-server.ts";
import { until } from "../helpers/until.ts";
import { PASSWORD, resetBackground, routeSockets } from "./background-state.ts";

beforeEach(resetBackground);
afterEach(resetBackground);

const state = uiState;
const stateOf = async (groupId: string) =>
  (await state()).groups.find((g) => g.groupId === groupId);

it("a re-pinned group replaces the old one, whose earlier posts still decrypt", async () => {
  const [before, after] = [await ScriptedServer.create(2), await ScriptedServer.create(1)];
  let current = before;
  routeSockets((url) => current.connect(url));
  await handleUiRequest({ type: "create-identity", name: "alice", password: PASSWORD });
  await handleUiRequest({ type: "join-group", text: "ws://group.test/" });
  await handleUiRequest({ type: "trust-server", accept: true });
  await until("a member of the first group", async () =>
    (await stateOf(before.groupId))?.state === "member" ? true : undefined,
  );
  const oldPost = await encryptForGroup("from before the key change");

  current = after; // same address, another server key
  await handleUiRequest({ type: "reconnect-group", groupId: before.groupId });
  await until("the key mismatch", async () =>
    (await stateOf(before.groupId))?.state === "key-mismatch" ? true : undefined,
  );
  await handleUiRequest({ type: "repin-group", groupId: before.groupId });
  assert.equal((await state()).trustCandidate?.replaces, before.groupId);
  await handleUiRequest({ type: "trust-server", accept: true });
  await until("a member of the new group", async () =>
    (await stateOf(after.groupId))?.state === "member" ? true : undefined,
  );

  assert.equal((await state()).defaultGroupId, after.groupId);
  assert.equal((await stateOf(before.groupId))?.state, "stopped");
  assert.ok(
    !Object.values(await readStatuses()).some((s) => s.state === "key-mismatch"),
    "no alarm left",
  );
  assert.equal((await encryptForGroup("new post")).groupId, after.groupId);
  assert.equal(
    await codeOf(() => encryptForGroup("old group", before.groupId)),
    "SERVER_KEY_MISMATCH",
  );
  const read = await handleContentRequest({ type: "decrypt-batch", tokens: [oldPost.token] });
  assert.deepEqual(read.type === "decrypt-batch-result" && read.results[0], {
    ok: true,
    plaintext: "from before the key change",
    groupId: before.groupId,
    groupName: oldPost.groupName,
    epoch: oldPost.epoch,
  });
  // The old group is not connected again, after a worker restart either.
  await handleUiRequest({ type: "reconnect-group", groupId: before.groupId }).catch(
    () => undefined,
  );
  assert.equal(before.connections.filter((c) => c.state !== "closed").length, 0);
  assert.ok(hasClients());
});
