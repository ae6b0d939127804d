/**
 * A non-member who holds only a member's public keys cannot tell, by timing the AUTH_FAILED
 * answer to an auth with those keys and a signature of her own, whether they are a member's:
 * a few hundred pairs of probes, one with a member's keys and one with a stranger's back to back in
 * random order, show no difference beyond noise (a signed-rank test; the failed-auth limit is lifted here).
 * verify-auth-work.test.ts checks the cause (the same work on both paths) exactly.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { test } from "node:test";
import type { Identity } from "../../shared/identity.ts";
import { identities, joinApproved, member, waitFor } from "./helpers/members.ts";
import { median, signedRank } from "./helpers/rank-tests.ts";
import { connectRaw, makeAuth } from "./helpers/raw-client.ts";
import { startServer, tempDir } from "./helpers/server-process.ts";

const PAIRS = 250;
const WARM_UP = 20;
/** |z| above this happens by chance about once in 15,000 runs. */
const Z_LIMIT = 4;

test("the time to refuse an auth does not tell a member's keys from a stranger's", {
  timeout: 300_000,
}, async () => {
  const [alice, stranger, mallory] = (await identities(3)) as [Identity, Identity, Identity];
  const server = await startServer(join(tempDir(), "group.grypt"), {
    env: { GRYPT_FAILED_AUTHS_PER_MINUTE: "1000000" },
  });
  try {
    (await joinApproved(server, alice, "alice")).stop();
    // A member's connection: her keys are now in the server's cache of members' keys.
    const again = member(server, alice, "alice");
    await waitFor(again, (s) => s.state === "member");
    again.stop();

    /** Mallory presents `keysOf`'s public keys with her own signature: ms to AUTH_FAILED. */
    const probe = async (keysOf: Identity): Promise<number> => {
      const peer = await connectRaw(server.url);
      const forged = await makeAuth(peer.hello, mallory);
      const presented = await makeAuth(peer.hello, keysOf);
      const frame = JSON.stringify({
        ...forged,
        signKey: presented.signKey,
        encKey: presented.encKey,
      });
      const started = performance.now();
      peer.send(frame);
      const answer = await peer.next("error");
      const elapsed = performance.now() - started;
      assert.equal(answer.code, "AUTH_FAILED");
      await peer.closed;
      return elapsed;
    };

    // Pairs of probes back to back, in random order within each pair.
    const differences: number[] = [];
    const times = { member: [] as number[], stranger: [] as number[] };
    for (let i = 0; i < WARM_UP + PAIRS; i++) {
      const memberFirst = Math.random() < 0.5;
      const first = await probe(memberFirst ? alice : stranger);
      const second = await probe(memberFirst ? stranger : alice);
      const [memberTime, strangerTime] = memberFirst ? [first, second] : [second, first];
      if (i < WARM_UP) continue;
      times.member.push(memberTime);
      times.stranger.push(strangerTime);
      differences.push(strangerTime - memberTime);
    }
    const { z } = signedRank(differences);
    const µs = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
    const summary =
      `z = ${z.toFixed(2)} over ${PAIRS} pairs; median ${µs(median(times.member))} with a ` +
      `member's keys, ${µs(median(times.stranger))} with a stranger's`;
    process.stdout.write(`# ${summary}\n`);
    assert.ok(Math.abs(z) < Z_LIMIT, summary);
  } finally {
    await server.stop();
  }
});
