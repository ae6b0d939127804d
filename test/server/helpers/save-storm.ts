/**
 * A child process for the store's crash test: opens (or creates) the group file given as
 * argv[2], then rotates and saves as fast as it can, asking for a compaction every few saves,
 * and prints `saved <epoch> <key>` once each save has resolved (is durable). Killed from outside.
 */
import { rotate } from "../../../server/state/group-model.ts";
import type { GroupState } from "../../../server/state/group-schema.ts";
import { newGroupState, newSessionKey } from "../../../server/state/new-group.ts";
import { fileExists } from "../../../server/store/group-file.ts";
import { GroupStore } from "../../../server/store/group-store.ts";

const path = process.argv[2]!;
const password = "storm password";
let store: GroupStore;
let state: GroupState;
if (await fileExists(path)) {
  ({ store, state } = await GroupStore.open(path, password));
} else {
  state = await newGroupState({ name: "storm" });
  store = await GroupStore.create(path, password, state, 100_000);
}
process.stdout.write("ready\n");
for (let i = 1; ; i++) {
  const next = rotate(state, newSessionKey(), "storm", i);
  state = next.state;
  if (i % 5 === 0) void store.compact().catch(() => undefined);
  await store.save(state);
  process.stdout.write(`saved ${next.epoch.epoch} ${next.epoch.key}\n`);
}
