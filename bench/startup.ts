/**
 * Start-up benchmark (issue 16): whole-process wall time of the built commands (dist/node/, as
 * installed; built afresh first) — `grypt --version`, and `grypt encrypt` for an approved
 * member, offline (its file unlocked with the password, one token) and against a local server —
 * next to Node doing nothing and `grypt --version` from source under tsx. Goal: `grypt --version`
 * under 0.2 s on a quiet machine (on a busy one, read it against Node's own floor).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildNode, NODE_DIST, ROOT } from "../scripts/build-node.ts";
import { sendAdminRequest } from "../server/admin/admin-client.ts";
import type { BenchRow } from "./bench-row.ts";

const PASSWORD = "bench start-up password";
const GRYPT = join(NODE_DIST, "grypt.js");

/** Median and fastest wall time of `runs` whole runs, in ms; fails on a non-zero exit. */
function timeRuns(args: string[], runs: number, input = ""): { median: number; min: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, {
      input,
      env: { ...process.env, GRYPT_PASSWORD: PASSWORD },
      encoding: "utf8",
    });
    times.push(performance.now() - start);
    if (result.status !== 0) throw new Error(`node ${args.join(" ")}: ${result.stderr}`);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]! };
}

function row(name: string, { median, min }: { median: number; min: number }): BenchRow {
  return {
    name,
    opsPerSec: 1000 / median,
    note: `median ${median.toFixed(0)} ms, fastest ${min.toFixed(0)} ms per process`,
  };
}

/** A built server on port 0 with `member` approved; resolves once it is. */
async function serverWithMember(dir: string, member: string): Promise<() => void> {
  const data = join(dir, "group.grypt");
  const server = spawn(
    process.execPath,
    [join(NODE_DIST, "grypt-server.js"), "--port", "0", "--data", data],
    { env: { ...process.env, GRYPT_PASSWORD: PASSWORD }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const invite = await new Promise<string>((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const found = /^invite (\S+)$/m.exec(out)?.[1];
      if (found) resolve(found);
    });
    server.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const cli = (args: string[]) => {
    const result = spawnSync(process.execPath, [GRYPT, ...args, "--data", member], {
      env: { ...process.env, GRYPT_PASSWORD: PASSWORD },
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`grypt ${args.join(" ")}: ${result.stderr}`);
    return result.stdout;
  };
  const printed = /Fingerprint: ([0-9A-F ]+)\n/.exec(cli(["init", "--name", "Bench"]))?.[1];
  if (!printed) throw new Error("grypt init printed no fingerprint");
  cli(["join", invite, "--no-wait"]);
  const prefix = printed.replaceAll(" ", "").toLowerCase().slice(0, 16);
  const approved = await sendAdminRequest(`${data}.sock`, { type: "approve", prefixes: [prefix] });
  if (approved.type === "error") throw new Error(`approve: ${JSON.stringify(approved)}`);
  cli(["status"]);
  return () => server.kill("SIGTERM");
}

export async function benchStartup(): Promise<BenchRow[]> {
  await buildNode();
  const dir = mkdtempSync(join(tmpdir(), "grypt-bench-startup-"));
  const member = join(dir, "member.json");
  const stop = await serverWithMember(dir, member);
  try {
    const encrypt = [GRYPT, "encrypt", "--data", member];
    return [
      row("node -e 0 (Node alone: this machine's floor)", timeRuns(["-e", "0"], 15)),
      row("grypt --version (dist)", timeRuns([GRYPT, "--version"], 15)),
      row(
        "grypt --version (source, tsx)",
        timeRuns(["--import", "tsx", join(ROOT, "cli/bin/grypt.ts"), "--version"], 5),
      ),
      row("grypt encrypt --offline (dist)", timeRuns([...encrypt, "--offline"], 7, "hello")),
      row("grypt encrypt, refreshed from a local server (dist)", timeRuns(encrypt, 7, "hello")),
    ];
  } finally {
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
