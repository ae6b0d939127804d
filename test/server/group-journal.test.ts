/** The group file's journal: small appends, replay, cut-off and damaged lines, stale journals, compaction. */
import assert from "node:assert/strict";
import {
  constants,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import * as model from "../../server/state/group-model.ts";
import type { GroupState } from "../../server/state/group-schema.ts";
import { newGroupState } from "../../server/state/new-group.ts";
import {
  COMPACT_AFTER_RECORDS,
  COMPACT_IDLE_MS,
  GroupStore,
  JOURNAL_LIMIT_RECORDS,
} from "../../server/store/group-store.ts";
import { fp, KEY, request } from "./helpers/group-state.ts";
import { tempDir } from "./helpers/server-process.ts";

const PASSWORD = "journal test password";
/** The lowest count a group file may name, to keep the tests quick. */
const ITERATIONS = 100_000;

async function fresh(): Promise<{ path: string; store: GroupStore; state: GroupState }> {
  const path = join(tempDir(), "group.grypt");
  const state = await newGroupState({ name: "journal" });
  return { path, state, store: await GroupStore.create(path, PASSWORD, state, ITERATIONS) };
}

function open(path: string) {
  return GroupStore.open(path, PASSWORD);
}

const rotated = (s: GroupState, i: number) => model.rotate(s, KEY, `r${i}`, i).state;

test("changes are appended to the journal, the file stays as it was, a reopen replays them", async () => {
  const { path, store, state: first } = await fresh();
  const file = readFileSync(path);
  let state = first;
  state = model.addPending(state, request(1)).state;
  await store.save(state);
  state = model.approve(state, fp(1), 2).state;
  await store.save(state);
  for (let i = 0; i < 5; i++) {
    state = rotated(state, i);
    await store.save(state);
  }
  assert.deepEqual(readFileSync(path), file, "the group file was not rewritten");
  assert.equal(
    readFileSync(`${path}.journal`, "latin1").split("\n").length,
    8,
    "seven lines and the final newline",
  );
  assert.equal(statSync(`${path}.journal`).mode & 0o777, 0o600);
  const reopened = await open(path);
  assert.deepEqual(reopened.state, state);
  assert.deepEqual(reopened.notes, []);
  await store.close();
  await reopened.store.close();
});

test("a cut-off last line is dropped with a note, and the next save writes over it", async () => {
  const { path, store, state: first } = await fresh();
  const before = rotated(first, 1);
  await store.save(before);
  const after = rotated(before, 2);
  await store.save(after);
  const journal = readFileSync(`${path}.journal`);
  for (const cut of [journal.length - 1, journal.length - 40, journal.indexOf("\n") + 2]) {
    writeFileSync(`${path}.journal`, journal.subarray(0, cut));
    const opened = await open(path);
    assert.deepEqual(opened.state, before);
    assert.match(opened.notes.join(), /cut-off last line/);
  }
  const opened = await open(path);
  const next = rotated(opened.state, 3);
  await opened.store.save(next);
  const again = await open(path);
  assert.deepEqual(again.state, next);
  assert.deepEqual(again.notes, []);
  await store.close();
});

test("a damaged, reordered, repeated or foreign line is refused as corrupt, naming the journal", async () => {
  const { path, store, state: first } = await fresh();
  let state = first;
  for (let i = 0; i < 3; i++) {
    state = rotated(state, i);
    await store.save(state);
  }
  const other = await fresh();
  const nine = rotated(other.state, 9);
  await other.store.save(nine);
  await other.store.save(rotated(nine, 10));
  const good = readFileSync(`${path}.journal`, "latin1").split("\n");
  const flipped = [...good];
  flipped[0] = `${flipped[0]!.slice(0, 50)}${flipped[0]![50] === "A" ? "B" : "A"}${flipped[0]!.slice(51)}`;
  const foreign = [...good];
  foreign[1] = readFileSync(`${other.path}.journal`, "latin1").split("\n")[1]!;
  const cases = {
    flipped,
    reordered: [good[1]!, good[0]!, ...good.slice(2)],
    repeated: [good[0]!, good[0]!, ...good.slice(1)],
    foreign,
  };
  for (const [name, broken] of Object.entries(cases)) {
    writeFileSync(`${path}.journal`, broken.join("\n"));
    await assert.rejects(
      open(path),
      { code: "VAULT_CORRUPT", message: /journal .* damaged or was tampered with/ },
      name,
    );
  }
  writeFileSync(`${path}.journal`, good.join("\n"));
  assert.deepEqual((await open(path)).state, state);
  await store.close();
  await other.store.close();
});

function readFileSyncOr(path: string): string {
  try {
    return readFileSync(path, "latin1");
  } catch {
    return "";
  }
}

test("a journal left from before the last rewrite is stale: ignored with a note", async () => {
  const { path, store, state: first } = await fresh();
  const one = rotated(first, 1);
  await store.save(one);
  const oldJournal = readFileSync(`${path}.journal`);
  await store.compact();
  assert.equal(readFileSyncOr(`${path}.journal`), "", "compaction removed the journal");
  writeFileSync(`${path}.journal`, oldJournal);
  const opened = await open(path);
  assert.deepEqual(opened.state, one, "the change is in the file already, not applied twice");
  assert.match(opened.notes.join(), /stale/);
  const two = rotated(one, 2);
  await opened.store.save(two);
  assert.deepEqual((await open(path)).state, two);
  await store.close();
});

test("a grown journal is folded into the file when idle, at the limit at once, and on close", async () => {
  const { path, store, state: first } = await fresh();
  let state = first;
  for (let i = 0; i < COMPACT_AFTER_RECORDS; i++) {
    state = rotated(state, i);
    await store.save(state);
  }
  assert.ok(readFileSyncOr(`${path}.journal`).length > 0);
  await new Promise((r) => setTimeout(r, COMPACT_IDLE_MS + 500));
  await store.flush();
  assert.deepEqual(
    readdirSync(join(path, "..")),
    ["group.grypt"],
    "folded in after an idle moment",
  );
  assert.deepEqual((await open(path)).state, state);

  for (let i = 0; i < JOURNAL_LIMIT_RECORDS + 3; i++) {
    state = rotated(state, i);
    await store.save(state);
  }
  const lines = readFileSyncOr(`${path}.journal`).split("\n").length - 1;
  assert.ok(lines < JOURNAL_LIMIT_RECORDS, `the limit forced a rewrite (${lines} lines left)`);
  assert.deepEqual((await open(path)).state, state);
  await store.close();
  assert.deepEqual(readdirSync(join(path, "..")), ["group.grypt"]);
  assert.deepEqual((await open(path)).state, state);
});

test("a failed append rejects that save; the next save rewrites the file and nothing is lost", async () => {
  const { path, store, state: first } = await fresh();
  const one = rotated(first, 1);
  await store.save(one);
  await store.compact();
  mkdirSync(`${path}.journal`);
  const two = rotated(one, 2);
  await assert.rejects(store.save(two), /EISDIR|illegal operation on a directory/);
  rmSync(`${path}.journal`, { recursive: true });
  const three = rotated(two, 3);
  await store.save(three);
  assert.deepEqual((await open(path)).state, three);
  await store.close();
});

test("the journal is written through to the disk: opened O_DSYNC where the platform has it (Linux: checked in /proc)", {
  skip: process.platform !== "linux",
}, async () => {
  const { path, store, state } = await fresh();
  await store.save(rotated(state, 1));
  const journal = `${path}.journal`;
  const fd = readdirSync("/proc/self/fd").find((n) => {
    try {
      return readlinkSync(`/proc/self/fd/${n}`) === journal;
    } catch {
      return false;
    }
  });
  assert.ok(fd, "the journal is open for appending");
  const flags = Number.parseInt(
    /^flags:\s*(\d+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, "utf8"))![1]!,
    8,
  );
  assert.equal(flags & constants.O_DSYNC, constants.O_DSYNC, "O_DSYNC");
  assert.equal(flags & constants.O_APPEND, constants.O_APPEND, "O_APPEND");
  await store.close();
});
