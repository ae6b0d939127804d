/** The group file: round trip, atomic replacement, queued saves, refusals that change nothing. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { rotate } from "../../server/state/group-model.ts";
import { newGroupState } from "../../server/state/new-group.ts";
import { GroupStore } from "../../server/store/group-store.ts";
import { tempDir } from "./helpers/server-process.ts";

const PASSWORD = "store test password";

test("create, save many times concurrently, reopen: the last state wins, mode 0600, one file after close", async () => {
  const dir = tempDir();
  const path = join(dir, "sub", "group.grypt");
  let state = await newGroupState({ name: "store" });
  const store = await GroupStore.create(path, PASSWORD, state);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, "sub")).mode & 0o777, 0o700);
  const saves: Promise<void>[] = [];
  for (let i = 0; i < 25; i++) {
    state = rotate(state, "B".repeat(43), `r${i}`, i).state;
    saves.push(store.save(state));
  }
  await Promise.all(saves);
  await assert.rejects(GroupStore.create(path, PASSWORD, state), { code: "CONFLICT" });
  const reopened = await GroupStore.open(path, PASSWORD);
  assert.deepEqual(reopened.state, state);
  assert.equal(reopened.state.epochs.length, 26);
  assert.deepEqual(readdirSync(join(dir, "sub")).sort(), ["group.grypt", "group.grypt.journal"]);
  await store.close();
  assert.deepEqual(readdirSync(join(dir, "sub")), ["group.grypt"]);
  assert.deepEqual((await GroupStore.open(path, PASSWORD)).state, state);
});

test("wrong password, damage and leftovers: clear errors, file untouched, stale temps removed", async () => {
  const dir = tempDir();
  const path = join(dir, "group.grypt");
  await GroupStore.create(path, PASSWORD, await newGroupState({}));
  const bytes = readFileSync(path);
  await assert.rejects(GroupStore.open(path, "wrong password"), {
    code: "VAULT_WRONG_PASSWORD",
    message: /file was not changed/,
  });
  assert.deepEqual(readFileSync(path), bytes);
  await assert.rejects(GroupStore.open(join(dir, "missing.grypt"), PASSWORD), {
    code: "NOT_FOUND",
    message: /does not exist/,
  });

  const flipped = Buffer.from(bytes);
  const at = bytes.indexOf('"token":"') + 60;
  flipped[at] = flipped[at] === 0x41 ? 0x42 : 0x41;
  writeFileSync(join(dir, "flipped.grypt"), flipped);
  await assert.rejects(GroupStore.open(join(dir, "flipped.grypt"), PASSWORD), {
    code: "VAULT_CORRUPT",
  });

  writeFileSync(join(dir, ".group.grypt.tmp-1-abc"), "half a write");
  await GroupStore.open(path, PASSWORD);
  assert.deepEqual(readdirSync(dir).sort(), ["flipped.grypt", "group.grypt"]);
});
