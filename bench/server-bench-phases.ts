/** The server benchmark's first phase: connecting (handshakes, memory); server-bench-rotate.ts rotates. */
import type { BenchRow } from "./bench-row.ts";
import { type BenchClient, connectMembers } from "./server-bench-clients.ts";
import type { BenchGroup } from "./server-bench-group.ts";
import type { BenchServer } from "./server-bench-server.ts";

export const median = (values: number[]) =>
  values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
export const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Connect the group's members; memory is measured before any rotation inflates the heap. */
export async function connectPhase(
  server: BenchServer,
  group: BenchGroup,
  clients: BenchClient[],
): Promise<BenchRow[]> {
  const n = group.members.length;
  // Warm-up: connect and drop some members, so code, caches and allocator arenas exist
  // before the baseline and the figures are per connection, not start-up costs.
  const warm = await connectMembers(
    server.url,
    group.members.slice(0, Math.min(200, n)),
    server.fingerprint,
    1,
  );
  for (const client of warm.clients) client.ws.terminate();
  await new Promise((r) => setTimeout(r, 1000));
  await server.memory();
  const base = await server.memory();
  const cpuFirst = server.cpuMs();
  const connected = await connectMembers(server.url, group.members, server.fingerprint, 1);
  // The server wraps the next epoch's key for members as they connect (standby-key.ts): that
  // work and its memory are the server's steady state, so both are counted.
  await server.standbyReady(2, n);
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
  const how =
    "200 in flight, clients in the benchmark process; keys message without wraps (the member already holds the epoch)";
  return [
    {
      name: `server handshakes hello→auth→keys, ${n} members connecting (handshakes/s)`,
      opsPerSec: connected.perSecond,
      note: `${how}; server CPU ${firstCpuUs.toFixed(0)} µs per handshake (importing each member's keys, and wrapping the next key for it)`,
    },
    {
      name: `server handshakes, the same ${n} members reconnecting (handshakes/s)`,
      opsPerSec: reconnected.perSecond,
      note: `${how}; server CPU ${againCpuUs.toFixed(0)} µs per handshake (fingerprint and encryption key kept from the member's first connection; the signing key imported again)`,
    },
    {
      name: `server memory per idle member connection, ${n} connected (connections/MB)`,
      opsPerSec: 1024 / Math.max(rssKb, 0.1),
      note: `${rssKb.toFixed(1)} KB RSS per connection after a full GC, the next key's wrap for each member included, of which JS heap ${heapKb.toFixed(1)} KB (goal < 12 KB; bare ws ≈ 8 KB, prototype ≈ 3 KB)${n < 5000 ? "; rough: V8's heap grows and shrinks by several MB at a time, which swamps this few connections" : ""}`,
    },
  ];
}
