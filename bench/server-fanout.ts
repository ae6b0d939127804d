/**
 * Server benchmark (issue 3): rotation fan-out to N connected members next to N bare
 * RSA-OAEP-3072 wraps and the prototype's server; handshakes per second; memory per idle
 * member connection. N = 100, 1,000, 5,000 members on loopback, one server, one group.
 * Per N: a fresh server whose group has N members; connect (handshakes, memory before any
 * rotation), rotate, then the prototype with the same N.
 */
import { execSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchRow } from "./bench-row.ts";
import type { BenchClient } from "./server-bench-clients.ts";
import { makeBenchMembers, writeBenchGroup } from "./server-bench-group.ts";
import { connectPhase, ms } from "./server-bench-phases.ts";
import { type FanOutFigures, type RotationFigures, rotatePhase } from "./server-bench-rotate.ts";
import { startBenchServer } from "./server-bench-server.ts";
import { prototypeUnavailable, runPrototype } from "./server-prototype.ts";

export interface ServerBenchOptions {
  sizes?: number[];
  rounds?: number;
  /** Run the prototype's server at these sizes (default: every size; [] to skip). */
  prototypeSizes?: number[];
  /** Notices (skipped parts); the figures are the returned rows. */
  log?: (line: string) => void;
}

function fdLimit(): number {
  return Number(execSync("ulimit -n", { shell: "/bin/sh", encoding: "utf8" }).trim());
}

function fanOutRows(n: number, f: FanOutFigures, prototypeMs: number | undefined): BenchRow[] {
  const bareMs = Math.min(f.barePoolMs, f.bareWebCryptoMs);
  const bare =
    `bare ${n} RSA-OAEP-3072 wraps ${ms(bareMs)} (the faster of: on a worker pool like the server's ${ms(f.barePoolMs)}, ` +
    `one WebCrypto call each ${ms(f.bareWebCryptoMs)})`;
  const row = (what: string, r: RotationFigures, why: string): BenchRow => {
    const vsPrototype =
      prototypeMs === undefined
        ? ""
        : `; prototype ${ms(prototypeMs)} (${(prototypeMs / r.ms).toFixed(2)}× slower than grypt; goal ≥ 2×)`;
    const note =
      `${ms(r.ms)} until all ${n} hold the new key (server: save ${ms(r.saveMs)}, push after the save ${ms(r.pushMs)}; ${r.madeAheadCount} of ${n} wraps made before the rotate), ${why}; ` +
      `${bare} → ${(r.ms / bareMs).toFixed(2)}×, goal ≤ 1.5×${vsPrototype}; ${cpuFloor(r, bareMs)}`;
    return {
      name: `server rotation fan-out, ${n} members, ${what} (rotations/s)`,
      opsPerSec: 1000 / r.ms,
      note,
    };
  };
  return [
    row(
      "next key ready",
      f.ready,
      "the next key wrapped for every member ahead (after a quiet second: a kick's usual case)",
    ),
    row(
      "right after another rotation",
      f.cold,
      "no key ready: the rotation wraps for every member itself (kicks one after another; one kick naming them all avoids it)",
    ),
  ];
}

/**
 * What the server (wraps, sends) and the members' process (receives) used in a rotation, spread
 * over every core, is a floor no scheduling beats on this machine.
 */
function cpuFloor(r: RotationFigures, bareMs: number): string {
  const cores = availableParallelism();
  const floorMs = (r.serverCpuMs + r.membersCpuMs) / cores;
  if (!Number.isFinite(floorMs)) return "CPU use not measured (no /proc schedstat)";
  return (
    `CPU per rotation: server ${ms(r.serverCpuMs)}, members' process ${ms(r.membersCpuMs)}; spread over ${cores} cores ` +
    `that is ${ms(floorMs)}, ${(floorMs / bareMs).toFixed(2)}× the bare wraps: the lowest ratio this machine allows with the members on it`
  );
}

export async function benchServer(options: ServerBenchOptions = {}): Promise<BenchRow[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  let sizes = (options.sizes ?? [100, 1000, 5000]).slice().sort((a, b) => a - b);
  const limit = fdLimit();
  const tooBig = sizes.filter((n) => n + 300 > limit);
  if (tooBig.length > 0) {
    log(
      `server bench: ulimit -n is ${limit}; N=${tooBig.join(", ")} needs at least N+300 open files. Run "ulimit -n 12000" first. Skipped.`,
    );
    sizes = sizes.filter((n) => !tooBig.includes(n));
  }
  if (sizes.length === 0) return [];
  const unavailable = prototypeUnavailable();
  const prototypeSizes = unavailable ? [] : (options.prototypeSizes ?? sizes);
  if (unavailable && (options.prototypeSizes ?? sizes).length > 0)
    log(`server bench: prototype comparison skipped: ${unavailable}`);
  const dir = mkdtempSync(join(tmpdir(), "grypt-bench-server-"));
  const members = await makeBenchMembers(sizes.at(-1)!);
  const rows: BenchRow[] = [];
  try {
    // One server per N, its group holding exactly N members (as the prototype's benchmark does).
    for (const n of sizes) {
      const group = {
        members: members.slice(0, n),
        dataFile: await writeBenchGroup(dir, members.slice(0, n)),
      };
      const server = await startBenchServer(group.dataFile);
      const clients: BenchClient[] = [];
      let fanout: FanOutFigures;
      try {
        rows.push(...(await connectPhase(server, group, clients)));
        fanout = await rotatePhase(server, group, clients, options.rounds ?? 5);
      } finally {
        for (const client of clients) client.ws.terminate();
        await server.stop();
      }
      const prototype = prototypeSizes.includes(n) ? await runPrototype(n) : undefined;
      rows.push(...fanOutRows(n, fanout, prototype?.fanoutMs));
      if (prototype) {
        rows.push({
          name: `prototype server (seed, Python), ${n} members: joins/s`,
          opsPerSec: prototype.joinsPerSec,
          note: `${prototype.rssPerMemberKb} KB RSS per member; all got the new key: ${prototype.ok}`,
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Usage: tsx bench/server-fanout.ts [N ...] [--no-prototype]
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const prototype = process.argv.includes("--no-prototype") ? { prototypeSizes: [] } : {};
  const rows = await benchServer({ ...(sizes.length > 0 ? { sizes } : {}), ...prototype });
  for (const row of rows)
    console.log(`${row.name}: ${row.opsPerSec.toFixed(1)} — ${row.note ?? ""}`);
}
