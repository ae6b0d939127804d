/** The two phases of the server benchmark: connecting (handshakes, memory) and rotating (fan-out). */
import { randomBytes } from "../shared/bytes.ts";
import { wrapSessionKey } from "../shared/key-delivery.ts";
import { sendAdminRequest } from "../server/admin/admin-client.ts";
import { WrapPool } from "../server/crypto/wrap-pool.ts";
import type { BenchRow } from "./bench-row.ts";
import { type BenchClient, connectMembers, watchRekeys } from "./server-bench-clients.ts";
import type { BenchGroup } from "./server-bench-group.ts";
import type { BenchServer } from "./server-bench-server.ts";
import { verifyRekeys } from "./server-bench-verify.ts";

export const median = (values: number[]) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
export const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Connect the group's members; memory is measured before any rotation inflates the heap. */
export async function connectPhase(server: BenchServer, group: BenchGroup, clients: BenchClient[]): Promise<BenchRow[]> {
  const n = group.members.length;
  // Warm-up: connect and drop some members, so code, caches and allocator arenas exist
  // before the baseline and the figures are per connection, not start-up costs.
  const warm = await connectMembers(server.url, group.members.slice(0, Math.min(200, n)), server.fingerprint, 1);
  for (const client of warm.clients) client.ws.terminate();
  await new Promise((r) => setTimeout(r, 1000));
  await server.memory();
  const base = await server.memory();
  const cpuFirst = server.cpuMs();
  const connected = await connectMembers(server.url, group.members, server.fingerprint, 1);
  const firstCpuUs = ((server.cpuMs() - cpuFirst) / n) * 1000;
  await new Promise((r) => setTimeout(r, 500));
  const memory = await server.memory();
  const rssKb = (memory.rssKb - base.rssKb) / n;
  const heapKb = (memory.heapKb + memory.externalKb - base.heapKb - base.externalKb) / n;
  // Everyone again, as after a network blip: the server has their keys from the first time.
  for (const client of connected.clients) client.ws.terminate();
  await new Promise((r) => setTimeout(r, 1000));
  const cpuAgain = server.cpuMs();
  const reconnected = await connectMembers(server.url, group.members, server.fingerprint, 1);
  const againCpuUs = ((server.cpuMs() - cpuAgain) / n) * 1000;
  clients.push(...reconnected.clients);
  const how = "200 in flight, clients in the benchmark process; keys message without wraps (the member already holds the epoch)";
  return [
    {
      name: `server handshakes hello→auth→keys, ${n} members connecting (handshakes/s)`,
      opsPerSec: connected.perSecond,
      note: `${how}; server CPU ${firstCpuUs.toFixed(0)} µs per handshake (importing each member's keys)`,
    },
    {
      name: `server handshakes, the same ${n} members reconnecting (handshakes/s)`,
      opsPerSec: reconnected.perSecond,
      note: `${how}; server CPU ${againCpuUs.toFixed(0)} µs per handshake (members' keys kept from their first connection)`,
    },
    {
      name: `server memory per idle member connection, ${n} connected (connections/MB)`,
      opsPerSec: 1024 / Math.max(rssKb, 0.1),
      note: `${rssKb.toFixed(1)} KB RSS per connection after a full GC, of which JS heap ${heapKb.toFixed(1)} KB (goal < 12 KB; bare ws ≈ 8 KB, prototype ≈ 3 KB)${n < 1000 ? "; rough: too few connections to spread the heap's and allocator's steps" : ""}`,
    },
  ];
}

/** N wraps, all at once, one WebCrypto call each. */
async function bareWebCryptoWraps(pool: CryptoKey[], count: number): Promise<number> {
  const key = randomBytes(32);
  const started = performance.now();
  await Promise.all(Array.from({ length: count }, (_, i) => wrapSessionKey(pool[i % pool.length]!, key)));
  return performance.now() - started;
}

/** N wraps on a worker pool like the server's (same engine, same size). */
async function barePoolWraps(wraps: WrapPool, encKeys: string[]): Promise<number> {
  const key = randomBytes(32);
  let missing = 0;
  const started = performance.now();
  await wraps.wrapAll(key, encKeys, (_, wrapped) => {
    if (!wrapped) missing++;
  });
  const elapsed = performance.now() - started;
  if (missing > 0) throw new Error(`${missing} bare pool wraps failed`);
  return elapsed;
}

export interface FanOutFigures {
  fanoutMs: number;
  /** The faster of the two bare figures. */
  bareMs: number;
  bareWebCryptoMs: number;
  barePoolMs: number;
  saveMs: number;
  pushMs: number;
  /** CPU the rotation used (median per round): the server's threads, and the members' process. */
  serverCpuMs: number;
  membersCpuMs: number;
}

/** `rounds` rotations with every client connected: time from `rotate` until all hold the key. */
export async function rotatePhase(server: BenchServer, group: BenchGroup, clients: BenchClient[], rounds: number): Promise<FanOutFigures> {
  const fanouts: number[] = [];
  const bareWebCrypto: number[] = [];
  const barePool: number[] = [];
  const serverCpu: number[] = [];
  const membersCpu: number[] = [];
  const encKeys = group.members.slice(0, clients.length).map((m) => m.encKey);
  const wraps = new WrapPool();
  await barePoolWraps(wraps, encKeys.slice(0, 64));
  let epoch = 0;
  for (let round = 0; round < rounds; round++) {
    const arrived = watchRekeys(clients, clients.length);
    const cpuBefore = { server: server.cpuMs(), members: process.cpuUsage() };
    const started = performance.now();
    const response = await sendAdminRequest(server.socket, { type: "rotate", reason: "benchmark" });
    if (response.type !== "rotated") throw new Error(`rotate failed: ${JSON.stringify(response)}`);
    fanouts.push((await arrived) - started);
    const members = process.cpuUsage(cpuBefore.members);
    serverCpu.push(server.cpuMs() - cpuBefore.server);
    membersCpu.push((members.user + members.system) / 1000);
    epoch = response.epoch;
    bareWebCrypto.push(await bareWebCryptoWraps(group.rsaPool, clients.length));
    barePool.push(await barePoolWraps(wraps, encKeys));
  }
  await wraps.close();
  await verifyRekeys(clients, epoch);
  const recent = server.rotations.slice(-rounds);
  return {
    fanoutMs: median(fanouts),
    bareMs: Math.min(median(bareWebCrypto), median(barePool)),
    bareWebCryptoMs: median(bareWebCrypto),
    barePoolMs: median(barePool),
    saveMs: median(recent.map((r) => r.saveMs)),
    pushMs: median(recent.map((r) => r.pushMs)),
    serverCpuMs: median(serverCpu),
    membersCpuMs: median(membersCpu),
  };
}
