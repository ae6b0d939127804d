/**
 * A group file (and journal) written before join requests had a log of their own opens: its
 * request entries stay in the audit log where they were written, the request log starts empty,
 * and the first request after the upgrade is saved to it and read back.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { addPending, appendLog, logRequest } from "../../server/state/group-model.ts";
import type { GroupState } from "../../server/state/group-schema.ts";
import { newGroupState } from "../../server/state/new-group.ts";
import { GroupStore } from "../../server/store/group-store.ts";
import { request } from "./helpers/group-state.ts";
import { tempDir } from "./helpers/server-process.ts";

const PASSWORD = "upgrade test password";

test("a group file and journal of the older shape open, and take request log entries from then on", async () => {
  const path = join(tempDir(), "group.grypt");
  // The older shape: no request log; requests were audit entries like any other.
  const { requestLog: _, ...older } = await newGroupState({ name: "old" });
  const store = await GroupStore.create(path, PASSWORD, older as GroupState);
  const asked = request(1, "10.0.0.1", 5);
  const oldRequest = { at: 5, event: "request", text: `"m1" ${asked.fingerprint} from 10.0.0.1` };
  // Saved the way the older server did: its journal line appends to the log and sets `pending`.
  const next = { ...older, pending: [asked], log: [...older.log, oldRequest] };
  await store.save(next as GroupState);

  const opened = await GroupStore.open(path, PASSWORD);
  assert.deepEqual(opened.state.requestLog, []);
  assert.deepEqual(
    opened.state.log.map((e) => e.event),
    ["create", "request"],
  );
  assert.deepEqual(opened.state.pending, [asked]);

  const again = { ...request(2, "10.0.0.2", 9), name: "m2" };
  const upgraded = appendLog(logRequest(addPending(opened.state, again).state, again, 9), {
    at: 10,
    event: "approve",
    text: "m1",
  });
  await opened.store.save(upgraded);
  await opened.store.close();
  const reopened = await GroupStore.open(path, PASSWORD);
  assert.deepEqual(reopened.state, upgraded);
  assert.deepEqual(
    reopened.state.requestLog.map((e) => [e.name, e.count]),
    [["m2", 1]],
  );
  await reopened.store.close();
  await store.close();
});
