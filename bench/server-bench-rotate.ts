/**
 * The server benchmark's second phase: rotations with every member connected, timed from the
 * admin's `rotate` (sent on an open admin connection) until every member has received its
 * rekey, next to N bare wraps, after warm-up rounds that are not counted.
 * Each round rotates twice: first with the next key ready (wrapped ahead, as after any quiet
 * second: a kick's usual case), then at once again, when no key is ready and the rotation wraps
 * for everyone itself (the cost of kicks one after another, rather than one kick naming them all).
 */

import { AdminConnection } from "../server/admin/admin-client.ts";
import { WrapPool } from "../server/crypto/wrap-pool.ts";
import { fromBase64Url, randomBytes } from "../shared/bytes.ts";
import { wrapSessionKey } from "../shared/key-delivery.ts";
import { importEncPublicKey } from "../shared/key-import.ts";
import { type BenchClient, watchRekeys } from "./server-bench-clients.ts";
import type { BenchGroup } from "./server-bench-group.ts";
import { median } from "./server-bench-phases.ts";
import type { BenchServer } from "./server-bench-server.ts";
import { verifyRekeys } from "./server-bench-verify.ts";

export interface RotationFigures {
  ms: number;
  saveMs: number;
  pushMs: number;
  /** Wraps of the new key made before the `rotate` (the server's log; median). */
  madeAheadCount: number;
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

/** One rotation, timed from the admin's request on an open admin connection (as typed in the console). */
async function rotateOnce(
  server: BenchServer,
  admin: AdminConnection,
  clients: BenchClient[],
): Promise<Sample> {
  const arrived = watchRekeys(clients, clients.length);
  const cpuBefore = { server: server.cpuMs(), members: process.cpuUsage() };
  const started = performance.now();
  const response = await admin.request({ type: "rotate", reason: "benchmark" });
  if (response.type !== "rotated") throw new Error(`rotate failed: ${JSON.stringify(response)}`);
  const ms = (await arrived) - started;
  const members = process.cpuUsage(cpuBefore.members);
  return {
    ms,
    serverCpuMs: server.cpuMs() - cpuBefore.server,
    membersCpuMs: (members.user + members.system) / 1000,
    epoch: response.epoch,
  };
}

function summary(samples: Sample[], logged: BenchServer["rotations"]): RotationFigures {
  return {
    ms: median(samples.map((s) => s.ms)),
    saveMs: median(logged.map((r) => r.saveMs)),
    pushMs: median(logged.map((r) => r.pushMs)),
    madeAheadCount: median(logged.map((r) => r.prewrapped)),
    serverCpuMs: median(samples.map((s) => s.serverCpuMs)),
    membersCpuMs: median(samples.map((s) => s.membersCpuMs)),
  };
}

/**
 * Warm-up rounds, run and not counted: until about WARM_UP_REKEYS rekeys have been sent, at
 * least one round. The first rotations of a fresh server and of the members' process run
 * unoptimised code (at 100 members, the first rounds take up to twice as long as the 20th);
 * the figures are a running server's.
 */
const WARM_UP_REKEYS = 4000;

function warmUpRounds(members: number): number {
  return Math.max(1, Math.ceil(WARM_UP_REKEYS / 2 / Math.max(1, members)));
}

interface Round {
  ready: Sample;
  cold: Sample;
  bareWebCryptoMs: number;
  barePoolMs: number;
}

interface RoundContext {
  server: BenchServer;
  admin: AdminConnection;
  clients: BenchClient[];
  /** Each member's key imported on its own, as the server holds them. */
  imported: CryptoKey[];
  wraps: WrapPool;
}

/** A rotation with the next key ready, one straight after it, then the bare wraps. */
async function oneRound(context: RoundContext, epoch: number): Promise<Round> {
  const { server, admin, clients, imported, wraps } = context;
  await server.standbyReady(epoch + 1, clients.length);
  const ready = await rotateOnce(server, admin, clients);
  const cold = await rotateOnce(server, admin, clients);
  // Nothing else runs on the server while the bare wraps are timed.
  await server.standbyReady(cold.epoch + 1, clients.length);
  return {
    ready,
    cold,
    bareWebCryptoMs: await bareWebCryptoWraps(imported),
    barePoolMs: await barePoolWraps(wraps, imported),
  };
}

/**
 * `rounds` rounds of a rotation with the next key ready and one without, bare wraps in
 * between, after warmUpRounds() rounds that are not counted.
 */
export async function rotatePhase(
  server: BenchServer,
  group: BenchGroup,
  clients: BenchClient[],
  rounds: number,
): Promise<FanOutFigures> {
  const imported = await Promise.all(
    group.members.slice(0, clients.length).map((m) => importEncPublicKey(fromBase64Url(m.encKey))),
  );
  const context: RoundContext = {
    server,
    admin: await AdminConnection.open(server.socket),
    clients,
    imported,
    wraps: new WrapPool(),
  };
  let epoch = clients[0]?.keysEpoch ?? 1;
  const measured: Round[] = [];
  let logged = 0;
  try {
    for (let round = 0; round < warmUpRounds(clients.length); round++)
      epoch = (await oneRound(context, epoch)).cold.epoch;
    logged = server.rotations.length;
    for (let round = 0; round < rounds; round++) {
      measured.push(await oneRound(context, epoch));
      epoch = measured.at(-1)!.cold.epoch;
    }
  } finally {
    context.admin.close();
    await context.wraps.close();
  }
  await verifyRekeys(clients, measured.at(-1)!.ready.epoch);
  await verifyRekeys(clients, epoch);
  // The server logs its rotations in order: each round's ready one, then the one right after it.
  const rotations = server.rotations.slice(logged);
  if (rotations.length !== 2 * rounds)
    throw new Error(`expected ${2 * rounds} rotations, the server logged ${rotations.length}`);
  const readyLogged = rotations.filter((_, i) => i % 2 === 0);
  const notReady = readyLogged.filter((r) => r.prewrapped < clients.length).length;
  if (notReady > 0)
    throw new Error(`${notReady} rotations expected with the next key ready found it short`);
  return {
    ready: summary(
      measured.map((r) => r.ready),
      readyLogged,
    ),
    cold: summary(
      measured.map((r) => r.cold),
      rotations.filter((_, i) => i % 2 === 1),
    ),
    bareWebCryptoMs: median(measured.map((r) => r.bareWebCryptoMs)),
    barePoolMs: median(measured.map((r) => r.barePoolMs)),
  };
}
