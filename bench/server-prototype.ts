/**
 * The seed prototype's server under the same workload (../shared/baselines/seed-prototype/
 * bench_fanout.py): run when present and its Python modules are installed, else say why not.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

export const PROTOTYPE_DIR = resolve(import.meta.dirname, "../../shared/baselines/seed-prototype");

export interface PrototypeResult {
  fanoutMs: number;
  joinsPerSec: number;
  rssPerMemberKb: number;
  ok: boolean;
}

/** Why the prototype cannot run here, or undefined when it can. */
export function prototypeUnavailable(): string | undefined {
  if (!existsSync(resolve(PROTOTYPE_DIR, "bench_fanout.py")))
    return `not found: ${PROTOTYPE_DIR}/bench_fanout.py`;
  const probe = spawnSync("python3", ["-c", "import rsa, cryptography"], { stdio: "ignore" });
  if (probe.status !== 0)
    return "needs python3 with rsa and cryptography (apt-get install -y python3-rsa python3-cryptography)";
  return undefined;
}

export function runPrototype(members: number, timeoutMs = 900_000): Promise<PrototypeResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn("python3", ["bench_fanout.py", String(members)], {
      cwd: PROTOTYPE_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", () => undefined);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      const line = out.trim().split("\n").at(-1) ?? "";
      try {
        const r = JSON.parse(line) as {
          fanout_ms: number;
          joins_per_s: number;
          rss_per_member_kb: number;
          all_got_new_key: boolean;
        };
        resolveRun({
          fanoutMs: r.fanout_ms,
          joinsPerSec: r.joins_per_s,
          rssPerMemberKb: r.rss_per_member_kb,
          ok: r.all_got_new_key,
        });
      } catch {
        reject(new Error(`prototype benchmark failed (exit ${code}): ${out.slice(-300)}`));
      }
    });
  });
}
