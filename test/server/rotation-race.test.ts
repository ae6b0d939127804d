/** Rotations while members are mid-handshake: every member ends on the final epoch, none is missed. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { connectMembers } from "../../bench/server-bench-clients.ts";
import { BENCH_PASSWORD, makeBenchGroup } from "../../bench/server-bench-group.ts";
import { sendAdminRequest } from "../../server/admin/admin-client.ts";
import { fromHex } from "../../shared/bytes.ts";
import { startServer, tempDir } from "./helpers/server-process.ts";

test("no rekey is lost between a handshake and a rotation", { timeout: 120_000 }, async () => {
  const group = await makeBenchGroup(tempDir(), 150);
  const server = await startServer(group.dataFile, { env: { GRYPT_PASSWORD: BENCH_PASSWORD } });
  try {
    let finalEpoch = 1;
    const rotations = (async () => {
      for (let i = 0; i < 15; i++) {
        const response = await sendAdminRequest(server.socket, { type: "rotate" });
        if (response.type === "rotated") finalEpoch = response.epoch;
      }
    })();
    const { clients } = await connectMembers(
      server.url,
      group.members,
      fromHex(server.fingerprint),
      0,
      30,
    );
    await rotations;
    assert.equal(finalEpoch, 16);
    await new Promise((r) => setTimeout(r, 500));
    for (const client of clients) {
      const rekeyEpochs = client.rekeys.map((r) => (JSON.parse(r.data) as { epoch: number }).epoch);
      // Every epoch after the one its keys named arrived, once, in order: nothing skipped.
      const expected: number[] = Array.from(
        { length: finalEpoch - client.keysEpoch },
        (_, i) => client.keysEpoch + 1 + i,
      );
      assert.deepEqual(
        rekeyEpochs,
        expected,
        `keys at epoch ${client.keysEpoch}, then rekeys ${rekeyEpochs.join(",")}`,
      );
      client.ws.terminate();
    }
  } finally {
    await server.stop();
  }
});
