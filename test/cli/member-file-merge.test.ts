/**
 * Two grypt runs on one member file (a `join` waiting for approval while another joins, or
 * refreshes keys): each save keeps what the other saved. Two `grypt init` at once: the second
 * is refused, the first one's keys stay.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { createMemberFile, openMemberFile, saveMemberFile } from "../../cli/member-file.ts";
import { mergeMemberStates } from "../../cli/member-merge.ts";
import type { MemberState, StoredGroup } from "../../cli/member-state.ts";
import { generateIdentity } from "../../shared/identity.ts";
import { codeOf } from "../helpers/error-code.ts";
import { tempDir } from "../server/helpers/server-process.ts";

const PASSWORD = "member file password";
const key = (epoch: number) => ({ epoch, key: Buffer.alloc(32, epoch).toString("base64url") });
const group = (groupId: string, epochs: number[]): StoredGroup => ({
  groupId,
  groupName: `group ${groupId}`,
  url: "ws://127.0.0.1:1/",
  pin: "a".repeat(64),
  state: "member",
  currentEpoch: Math.max(0, ...epochs),
  keys: epochs.map(key),
  updatedAt: "2026-11-26T00:00:00.000Z",
});

test("saves from two runs keep each other's groups and keys", async () => {
  const path = join(tempDir(), "member.json");
  await createMemberFile(path, PASSWORD, (await generateIdentity()).exported, "alice");
  const [first, second] = [
    await openMemberFile(path, PASSWORD),
    await openMemberFile(path, PASSWORD),
  ];
  first.state.groups.push(group("GroupA", [1]));
  await saveMemberFile(first);
  second.state.groups.push(group("GroupB", [1, 2]));
  await saveMemberFile(second);
  // The first run learns a new epoch of A and saves again.
  first.state.groups[0]!.keys.push(key(2));
  first.state.groups[0]!.currentEpoch = 2;
  await saveMemberFile(first);

  const saved = (await openMemberFile(path, PASSWORD)).state;
  assert.deepEqual(
    saved.groups.map((g) => [g.groupId, g.keys.map((k) => k.epoch), g.currentEpoch]).sort(),
    [
      ["GroupA", [1, 2], 2],
      ["GroupB", [1, 2], 2],
    ],
  );
});

test("a group both runs hold keeps the keys and highest epoch of both", () => {
  const base = { v: 1, type: "grypt-member", identity: "same", name: "alice" } as const;
  const disk: MemberState = { ...base, groups: [group("G", [1, 2, 3])] };
  const mine: MemberState = { ...base, groups: [{ ...group("G", [1, 4]), state: "removed" }] };
  const [merged] = mergeMemberStates(disk, mine).groups;
  assert.deepEqual(
    merged?.keys.map((k) => k.epoch),
    [1, 2, 3, 4],
  );
  assert.equal(merged?.currentEpoch, 4);
  assert.equal(merged?.state, "removed", "this run's record wins");
  assert.throws(() => mergeMemberStates({ ...disk, identity: "other" }, mine), {
    code: "CONFLICT",
  });
});

test("a file-system failure names the path and its cause", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, "a-file"), "not a directory");
  const path = join(dir, "a-file", "member.json");
  await assert.rejects(createMemberFile(path, PASSWORD, (await generateIdentity()).exported, "a"), {
    code: "STORAGE_FAILED",
    message: /cannot write .*a-file\/member\.json \((ENOTDIR|EEXIST)\)/,
  });
});

test("grypt init never replaces a member file that appeared meanwhile", async () => {
  const path = join(tempDir(), "member.json");
  const [a, b] = [(await generateIdentity()).exported, (await generateIdentity()).exported];
  const results = await Promise.allSettled([
    createMemberFile(path, PASSWORD, a, "a"),
    createMemberFile(path, PASSWORD, b, "b"),
  ]);
  assert.deepEqual(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
  const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  assert.equal((refused?.reason as { code?: string } | undefined)?.code, "CONFLICT");
  const before = readFileSync(path, "utf8");
  assert.equal(await codeOf(() => createMemberFile(path, PASSWORD, b, "b")), "CONFLICT");
  assert.equal(readFileSync(path, "utf8"), before);
  const kept = (await openMemberFile(path, PASSWORD)).state.name;
  assert.ok(kept === "a" || kept === "b");
});
