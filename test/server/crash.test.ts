/**
 * SIGKILL at random moments during repeated rotations: every restart must open the file and
 * hold every epoch (with the same key) that a connected member saw announced, and the member.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { sendAdminRequest } from "../../server/admin/admin-client.ts";
import type { MemberClient } from "../../shared/member-client/member-client.ts";
import { identities, isMemberAt, joinApproved, member, waitFor } from "./helpers/members.ts";
import { startServer, tempDir } from "./helpers/server-process.ts";

const KILLS = 15;

test(`SIGKILL during rotations, ${KILLS} times, never loses an announced epoch`, {
  timeout: 240_000,
}, async () => {
  const [identity] = await identities(1);
  const dataFile = join(tempDir(), "group.grypt");
  const seen = new Map<number, Uint8Array>();
  let adminHighest = 1;
  let first = true;
  for (let round = 0; round < KILLS; round++) {
    const server = await startServer(dataFile);
    const alice: MemberClient = first
      ? await joinApproved(server, identity!, "alice")
      : member(server, identity!, "alice");
    first = false;
    await waitFor(alice, isMemberAt(adminHighest));
    for (const [epoch, key] of seen)
      assert.deepEqual(alice.key(epoch), key, `round ${round}: epoch ${epoch} kept its key`);
    assert.ok(
      alice.currentEpoch >= adminHighest,
      `round ${round}: epoch ${adminHighest} was confirmed before the kill`,
    );

    let stop = false;
    const storm = async () => {
      while (!stop) {
        const response = await sendAdminRequest(server.socket, { type: "rotate" }).catch(
          () => undefined,
        );
        if (!response) return;
        if (response.type === "rotated") adminHighest = Math.max(adminHighest, response.epoch);
      }
    };
    const storms = [storm(), storm()];
    await sleep(20 + Math.floor(Math.random() * 250));
    await server.kill();
    stop = true;
    await Promise.all(storms);
    for (const epoch of alice.epochs()) seen.set(epoch, alice.key(epoch)!);
    alice.stop();
  }
  const server = await startServer(dataFile);
  const check = member(server, identity!, "alice");
  await waitFor(check, isMemberAt(adminHighest));
  for (const [epoch, key] of seen) assert.deepEqual(check.key(epoch), key);
  assert.ok(seen.size > KILLS, `rotations happened between kills (${seen.size} epochs seen)`);
  check.stop();
  assert.equal(await server.stop(), 0);
});
