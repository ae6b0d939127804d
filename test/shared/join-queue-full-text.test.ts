/** A member refused because the group's join queue is full is told so, not that the server is unreachable. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { groupStatusFor } from "../../extension/background/group-status-text.ts";
import { describeStatus, type MemberStatus } from "../../shared/member-client/member-status.ts";

const full: MemberStatus = {
  state: "unreachable",
  error: { code: "JOIN_QUEUE_FULL", message: "server: the group's join queue is full" },
  retryInMs: 4000,
};

test("a full join queue reads as such in the popup and on the command line", () => {
  assert.equal(
    groupStatusFor(full, 0).detail,
    "The group's join queue is full: too many requests wait for the admin. Asking again in 4 s.",
  );
  assert.equal(
    describeStatus(full),
    "the group's join queue is full: too many requests wait for the admin (asking again in 4 s)",
  );
  const down: MemberStatus = { ...full, error: { code: "UNREACHABLE", message: "cannot reach x" } };
  assert.match(groupStatusFor(down, 0).detail, /^Server unreachable \(cannot reach x\)/);
});
