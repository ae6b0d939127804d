/**
 * A journal append the kernel writes only in part (a full disk, a quota, a file size limit) is
 * not a saved change: the save is refused, nothing is appended after the fragment, and the group
 * opens with every change that was saved, and none that was not.
 */
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { appendLog } from "../../server/state/group-model.ts";
import { newGroupState } from "../../server/state/new-group.ts";
import { GroupStore } from "../../server/store/group-store.ts";
import { VAULT_MIN_ITERATIONS } from "../../shared/vault.ts";
import { ROOT, tempDir } from "./helpers/server-process.ts";

const HAVE_PRLIMIT = spawnSync("prlimit", ["--version"], { stdio: "ignore" }).status === 0;
const PASSWORD = "short write password";

test("a save whose journal line is cut short by the disk is refused and leaves a group that opens", {
  skip: !HAVE_PRLIMIT && "needs util-linux prlimit",
}, async () => {
  const path = join(tempDir(), "group.grypt");
  let state = await newGroupState({ name: "short" });
  const store = await GroupStore.create(path, PASSWORD, state, VAULT_MIN_ITERATIONS);
  state = appendLog(state, { at: 1, event: "first", text: "saved" });
  await store.save(state);
  await store.close(); // folds the journal in: the child starts a new one
  const limit = 300; // room for part of the large change's journal line, and no group file
  assert.ok(statSync(path).size > limit);

  const script = join(ROOT, "test/server/helpers/save-near-limit.ts");
  const { stdout } = await promisify(execFile)(
    "prlimit",
    [`--fsize=${limit}`, process.execPath, "--import", "tsx", script, path, PASSWORD],
    { cwd: ROOT },
  );
  // Named by file and cause for the admin, not "internal error".
  const cannotSave = (event: string) =>
    `refused ${event}: STORAGE_FAILED: cannot save the group to ${path} \\(EFBIG\\); the change was not made`;
  assert.match(stdout, new RegExp(`^${cannotSave("large")}\n${cannotSave("small")}\n$`));
  assert.ok(statSync(`${path}.journal`).size > 0, "part of the large change's line is on disk");

  const reopened = await GroupStore.open(path, PASSWORD);
  assert.deepEqual(
    reopened.state.log.map((e) => e.event),
    ["create", "first"],
  );
  assert.match(reopened.notes.join(), /ignored/);
  // With room again, the next change saves and everything opens.
  await reopened.store.save(appendLog(reopened.state, { at: 2, event: "later", text: "saved" }));
  await reopened.store.close();
  const last = await GroupStore.open(path, PASSWORD);
  assert.deepEqual(
    last.state.log.map((e) => e.event),
    ["create", "first", "later"],
  );
  await last.store.close();
});
