/**
 * `grypt encrypt` and `grypt decrypt` as whole processes, with the agent and without it (the
 * password's PBKDF2, and for encrypt a server round trip), in the same run. Goal: at least 5×
 * faster with the agent, and under 0.25 s end to end once grypt runs as compiled JavaScript.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { buildNode } from "../scripts/build-node.ts";
import type { BenchRow } from "./bench-row.ts";
import { CLI, grypt, setUpWorld, timeProcess } from "./cli-agent-setup.ts";

const RUNS = Number(process.env.GRYPT_BENCH_CLI_RUNS ?? 7);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Figures {
  ms: number;
  cpuMs: number;
}

async function timeRuns(run: () => Promise<Figures>): Promise<Figures> {
  await run(); // warm the file cache
  const runs: Figures[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await run());
  return { ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)) };
}

function row(name: string, figures: Figures, note: string): BenchRow {
  const { ms, cpuMs } = figures;
  return {
    name,
    opsPerSec: 1000 / ms,
    note: `${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU (medians of ${RUNS}); ${note}`,
  };
}

export async function benchCliAgent(): Promise<BenchRow[]> {
  if (process.env.GRYPT_BENCH_CLI === undefined) await buildNode();
  const world = await setUpWorld();
  const sock = join(world.dir, "agent", "agent.sock");
  const withAgent = { GRYPT_AGENT_SOCK: sock, GRYPT_PASSWORD: "" };
  const without = { GRYPT_AGENT_SOCK: join(world.dir, "none", "agent.sock") };
  const agent = spawn(process.execPath, [CLI, "agent", "--data", world.data], {
    env: { ...process.env, GRYPT_PASSWORD: "bench member password", GRYPT_AGENT_SOCK: sock },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await new Promise<void>((ready, fail) => {
      agent.stdout.on("data", (d: Buffer) => d.toString().includes("GRYPT_AGENT_SOCK=") && ready());
      agent.once("exit", (code) => fail(new Error(`agent exited ${code}`)));
    });
    const args = ["--data", world.data];
    const node = await timeRuns(() => timeProcess(["-e", ""], {}));
    const encNo = await timeRuns(() => grypt(["encrypt", ...args], without, "hi\n"));
    const encAgent = await timeRuns(() => grypt(["encrypt", ...args], withAgent, "hi\n"));
    const decNo = await timeRuns(() => grypt(["decrypt", ...args], without, world.timeline));
    const decAgent = await timeRuns(() => grypt(["decrypt", ...args], withAgent, world.timeline));
    const x = (a: Figures, b: Figures) =>
      `${(a.ms / b.ms).toFixed(1)}× faster than without (CPU ${(a.cpuMs / b.cpuMs).toFixed(1)}×)`;
    return [
      row("node startup alone (node -e '')", node, "the floor for any grypt run"),
      row("echo hi | grypt encrypt, no agent", encNo, "PBKDF2 + server round trip"),
      row(
        "echo hi | grypt encrypt, agent",
        encAgent,
        `${x(encNo, encAgent)}; goal < 250 ms compiled`,
      ),
      row("grypt decrypt 1000 lines/200 tokens/3 epochs, no agent", decNo, "PBKDF2, keys held"),
      row("grypt decrypt 1000 lines/200 tokens/3 epochs, agent", decAgent, x(decNo, decAgent)),
    ];
  } finally {
    agent.kill("SIGTERM");
    await world.server.stop();
  }
}
