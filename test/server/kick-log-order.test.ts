/**
 * A kick's log entries and its rotation's entry carry one time, so the log reads "kick … rotate"
 * even when the clock ticks while the kick runs (it did under load: the rotation's entry sorted
 * first). The group service runs in process with a clock that moves on every reading.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { mock, test } from "node:test";
import { kickMembers } from "../../server/group/admin-ops.ts";
import { GroupService } from "../../server/group/group-service.ts";
import { logView } from "../../server/group/group-views.ts";
import { createLogger } from "../../server/log.ts";
import * as model from "../../server/state/group-model.ts";
import { newGroupState } from "../../server/state/new-group.ts";
import { GroupStore } from "../../server/store/group-store.ts";
import { fromBase64Url } from "../../shared/bytes.ts";
import { importServerIdentity } from "../../shared/server-identity.ts";
import { fp, request } from "./helpers/group-state.ts";
import { tempDir } from "./helpers/server-process.ts";

test("a kick of two members logs kick, kick, then rotate while the clock moves", async (t) => {
  let state = await newGroupState({ name: "order" });
  for (const n of [1, 2, 3]) {
    state = model.addPending(state, request(n)).state;
    state = model.approve(state, fp(n), 10, 1).state;
  }
  const store = await GroupStore.create(join(tempDir(), "group.grypt"), "a password", state);
  const identity = await importServerIdentity(
    fromBase64Url(state.server.pkcs8),
    fromBase64Url(state.server.spki),
  );
  const service = new GroupService(store, state, identity, createLogger({ write: () => true }));
  let clock = Date.now();
  mock.method(Date, "now", () => clock++);
  t.after(() => mock.restoreAll());

  const { epoch } = await kickMembers(service, createLogger({ write: () => true }), [fp(1), fp(2)]);
  assert.equal(epoch, 2);
  const events = logView(service, 10).map((e) => e.event);
  assert.deepEqual(events, ["create", "kick", "kick", "rotate"]);
  await store.close();
});
