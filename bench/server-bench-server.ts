/** The grypt server as a child process for the benchmark: start, read its RSS, stop. */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fromHex } from "../shared/bytes.ts";
import { BENCH_PASSWORD } from "./server-bench-group.ts";

export interface BenchServer {
  child: ChildProcess;
  url: string;
  socket: string;
  fingerprint: Uint8Array;
  /** Server-side rotations from its log, in order: wraps made ahead, save, push after the save, total. */
  rotations: Array<{ prewrapped: number; saveMs: number; pushMs: number; ms: number }>;
  /** Resolves when the server logs its next key ready for `epoch`, wrapped for `members`. */
  standbyReady(epoch: number, members: number): Promise<void>;
  /** CPU time of all its threads so far, in ms (Linux's schedstat; NaN elsewhere). */
  cpuMs(): number;
  /** The server's own figures after a full GC (SIGUSR2). */
  memory(): Promise<{ rssKb: number; heapKb: number; externalKb: number }>;
  stop(): Promise<void>;
}

export function startBenchServer(dataFile: string): Promise<BenchServer> {
  const main = resolve(import.meta.dirname, "../server/bin/grypt-server.ts");
  // GRYPT_BENCH_SERVER_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = process.env.GRYPT_BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(
    process.execPath,
    [...extra, "--expose-gc", "--import", "tsx", main, "--port", "0", "--data", dataFile],
    {
      // Thousands of members connect from 127.0.0.1: lift the per-address socket cap.
      env: { ...process.env, GRYPT_PASSWORD: BENCH_PASSWORD, GRYPT_SOCKETS_PER_ADDRESS: "1000000" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const rotations: BenchServer["rotations"] = [];
  const memoryWaiters: Array<(m: { rssKb: number; heapKb: number; externalKb: number }) => void> =
    [];
  const standbys: Array<{ epoch: number; members: number }> = [];
  const standbyWaiters = new Set<() => void>();
  let out = "";
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  let partial = "";
  const onLine = (line: string) => {
    let m =
      / rotated .* prewrapped=(\d+) (?:wrappingAhead=\d+ )?saveMs=([\d.]+) pushMs=([\d.]+) ms=([\d.]+)/.exec(
        line,
      );
    if (m)
      rotations.push({
        prewrapped: Number(m[1]),
        saveMs: Number(m[2]),
        pushMs: Number(m[3]),
        ms: Number(m[4]),
      });
    m = / next key ready epoch=(\d+) .*members=(\d+)/.exec(line);
    if (m) {
      standbys.push({ epoch: Number(m[1]), members: Number(m[2]) });
      for (const wake of standbyWaiters) wake();
    }
    m = / memory rssKb=(\d+) heapKb=(\d+) externalKb=(\d+)/.exec(line);
    if (m)
      memoryWaiters.shift()?.({
        rssKb: Number(m[1]),
        heapKb: Number(m[2]),
        externalKb: Number(m[3]),
      });
  };
  child.stderr.on("data", (d: Buffer) => {
    const lines = (partial + d.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) onLine(line);
    if (out.length < 20_000) out += d;
  });
  return new Promise((resolveStart, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d;
      const url = /listening on (\S+)/.exec(out)?.[1];
      const fp = /invite grypt-invite:1:([0-9a-f]{64}):/.exec(out)?.[1];
      if (!url || !fp) return;
      resolveStart({
        child,
        url,
        socket: `${dataFile}.sock`,
        fingerprint: fromHex(fp),
        rotations,
        standbyReady: (epoch, members) =>
          new Promise((resolveReady) => {
            const check = () => {
              if (!standbys.some((s) => s.epoch === epoch && s.members >= members)) return;
              standbyWaiters.delete(check);
              resolveReady();
            };
            standbyWaiters.add(check);
            check();
          }),
        cpuMs: () => threadsCpuMs(child.pid),
        memory: () =>
          new Promise((resolveMemory) => {
            memoryWaiters.push(resolveMemory);
            child.kill("SIGUSR2");
          }),
        stop: async () => {
          child.kill("SIGTERM");
          await exited;
        },
      });
    });
    child.once("exit", (code) =>
      reject(new Error(`server exited with ${code}: ${out.slice(-500)}`)),
    );
  });
}

/** Sum of the time on CPU of every thread of `pid` (first field of each task's schedstat, in ns). */
function threadsCpuMs(pid: number | undefined): number {
  try {
    let ns = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    }
    return ns / 1e6;
  } catch {
    return Number.NaN;
  }
}
