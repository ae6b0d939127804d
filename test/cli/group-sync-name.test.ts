/**
 * What a visit to the group server may change in the member file's group: the group's name only
 * when the visit ended a member, since only then did a keys message sign the hello's name.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { applySync, type SyncResult } from "../../cli/group-sync.ts";
import type { StoredGroup } from "../../cli/member-state.ts";
import type { MemberStatus } from "../../shared/member-client/member-status.ts";

const FP = "ab".repeat(32);

function stored(): StoredGroup {
  return {
    groupId: "G1",
    groupName: "Book club",
    url: "ws://127.0.0.1:1",
    pin: FP,
    state: "pending",
    currentEpoch: 0,
    keys: [],
    updatedAt: "then",
  };
}

function visit(status: MemberStatus, groupName: string): SyncResult {
  return {
    status,
    group: { groupId: "G1", groupName, fingerprintHex: FP },
    keys: [],
    currentEpoch: 0,
  };
}

test("a name from a hello replaces the stored one when the visit ended a member, not while pending or unreachable", () => {
  const unreachable: MemberStatus = {
    state: "unreachable",
    error: { code: "UNREACHABLE", message: "x" },
    retryInMs: 0,
  };
  for (const status of [{ state: "pending", fingerprint: FP } as const, unreachable]) {
    const group = stored();
    applySync(group, visit(status, "Renamed on the way"));
    assert.equal(group.groupName, "Book club", status.state);
  }
  const unnamed = { ...stored(), groupName: "" };
  applySync(unnamed, visit({ state: "pending", fingerprint: FP }, "Book club"));
  assert.equal(
    unnamed.groupName,
    "Book club",
    "a group without a name shows the hello's until a member",
  );
  const mismatch = { ...stored(), groupName: "" };
  applySync(mismatch, {
    ...visit({ state: "key-mismatch", expected: FP, presented: "cd".repeat(32) }, "Impostor"),
    group: { groupId: "G2", groupName: "Impostor", fingerprintHex: "cd".repeat(32) },
  });
  assert.equal(mismatch.groupName, "", "never another group's name");
  const group = stored();
  assert.equal(
    applySync(group, visit({ state: "member", groupId: "G1", epoch: 1 }, "Book club (2027)")),
    true,
  );
  assert.equal(group.groupName, "Book club (2027)");
  assert.equal(group.state, "member");
});
