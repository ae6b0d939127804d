/**
 * The server benchmark's second phase: rotations with every member connected, timed from the
 * admin's `rotate` until every member has received its rekey, next to N bare wraps.
 * Each round rotates twice: first with the next key ready (wrapped ahead, as after any quiet
 * second: a kick's usual case), then at once again, when no key is ready and the rotation wraps
 * for everyone itself (the cost a burst of kicks pays).
 */
import { fromBase64Url, randomBytes } from "../shared/bytes.ts";
import { wrapSessionKey } from "../shared/key-delivery.ts";
import { importEncPublicKey } from "../shared/key-import.ts";
import { sendAdminRequest } from "../server/admin/admin-client.ts";
import { WrapPool } from "../server/crypto/wrap-pool.ts";
import { type BenchClient, watchRekeys } from "./server-bench-clients.ts";
import type { BenchGroup } from "./server-bench-group.ts";
import { median } from "./server-bench-phases.ts";
import type { BenchServer } from "./server-bench-server.ts";
import { verifyRekeys } from "./server-bench-verify.ts";

export interface RotationFigures {
  ms: number;
  saveMs: number;
  pushMs: number;
  /** CPU the rotation used: the server's threads, and the members' process. */
  serverCpuMs: number;
  membersCpuMs: number;
}

export interface FanOutFigures {
  /** With the next key wrapped ahead. */
  ready: RotationFigures;
  /** Right after another rotation: the wraps are part of it. */
  cold: RotationFigures;
  bareWebCryptoMs: number;
  barePoolMs: number;
}

/** N wraps, all at once, one WebCrypto call each. */
async function bareWebCryptoWraps(keys: CryptoKey[]): Promise<number> {
  const key = randomBytes(32);
  const started = performance.now();
  await Promise.all(keys.map((publicKey) => wrapSessionKey(publicKey, key)));
  return performance.now() - started;
}

/** N wraps on a worker pool like the server's (same engine, same size). */
async function barePoolWraps(wraps: WrapPool, encKeys: CryptoKey[]): Promise<number> {
  const key = randomBytes(32);
  let missing = 0;
  const started = performance.now();
  await wraps.wrapAll(key, encKeys, (chunk) => {
    for (const ok of chunk.ok) if (ok !== 1) missing++;
  });
  const elapsed = performance.now() - started;
  if (missing > 0) throw new Error(`${missing} bare pool wraps failed`);
  return elapsed;
}

interface Sample {
  ms: number;
  serverCpuMs: number;
  membersCpuMs: number;
  epoch: number;
}

async function rotateOnce(server: BenchServer, clients: BenchClient[]): Promise<Sample> {
  const arrived = watchRekeys(clients, clients.length);
  const cpuBefore = { server: server.cpuMs(), members: process.cpuUsage() };
  const started = performance.now();
  const response = await sendAdminRequest(server.socket, { type: "rotate", reason: "benchmark" });
  if (response.type !== "rotated") throw new Error(`rotate failed: ${JSON.stringify(response)}`);
  const ms = (await arrived) - started;
  const members = process.cpuUsage(cpuBefore.members);
  return { ms, serverCpuMs: server.cpuMs() - cpuBefore.server, membersCpuMs: (members.user + members.system) / 1000, epoch: response.epoch };
}

function summary(samples: Sample[], logged: BenchServer["rotations"]): RotationFigures {
  return {
    ms: median(samples.map((s) => s.ms)),
    saveMs: median(logged.map((r) => r.saveMs)),
    pushMs: median(logged.map((r) => r.pushMs)),
    serverCpuMs: median(samples.map((s) => s.serverCpuMs)),
    membersCpuMs: median(samples.map((s) => s.membersCpuMs)),
  };
}

/** `rounds` rounds of a rotation with the next key ready and one without; bare wraps in between. */
export async function rotatePhase(server: BenchServer, group: BenchGroup, clients: BenchClient[], rounds: number): Promise<FanOutFigures> {
  const ready: Sample[] = [];
  const cold: Sample[] = [];
  const bareWebCrypto: number[] = [];
  const barePool: number[] = [];
  // Each member's key imported on its own, as the server holds them.
  const imported = await Promise.all(group.members.slice(0, clients.length).map((m) => importEncPublicKey(fromBase64Url(m.encKey))));
  const wraps = new WrapPool();
  await barePoolWraps(wraps, imported.slice(0, 64));
  let epoch = clients[0]?.keysEpoch ?? 1;
  const logged = server.rotations.length;
  for (let round = 0; round < rounds; round++) {
    await server.standbyReady(epoch + 1, clients.length);
    ready.push(await rotateOnce(server, clients));
    cold.push(await rotateOnce(server, clients));
    epoch = cold.at(-1)!.epoch;
    // Nothing else runs on the server while the bare wraps are timed.
    await server.standbyReady(epoch + 1, clients.length);
    bareWebCrypto.push(await bareWebCryptoWraps(imported));
    barePool.push(await barePoolWraps(wraps, imported));
  }
  await wraps.close();
  await verifyRekeys(clients, ready.at(-1)!.epoch);
  await verifyRekeys(clients, epoch);
  // The server's own log says which rotations found the next key wrapped for everyone.
  const rotations = server.rotations.slice(logged);
  const wasReady = (r: { prewrapped: number }) => r.prewrapped >= clients.length;
  const readyCount = rotations.filter(wasReady).length;
  if (readyCount !== rounds) throw new Error(`expected ${rounds} rotations with the next key ready, the server logged ${readyCount}`);
  return {
    ready: summary(ready, rotations.filter(wasReady)),
    cold: summary(cold, rotations.filter((r) => !wasReady(r))),
    bareWebCryptoMs: median(bareWebCrypto),
    barePoolMs: median(barePool),
  };
}
