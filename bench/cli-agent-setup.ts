/**
 * The agent bench's world: a real server, a member approved over three epochs, a timeline of
 * 1,000 lines holding 200 tokens over those epochs, and a way to time one whole `grypt` process.
 * GRYPT_BENCH_CLI names the entry to run with node (default: dist/node/grypt.js, built afresh
 * by benchCliAgent; cli/bin/grypt.ts under tsx would need `--import tsx`).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openMemberFile } from "../cli/member-file.ts";
import { NODE_DIST } from "../scripts/build-node.ts";
import { sendAdminRequest } from "../server/admin/admin-client.ts";
import { importFernetKey } from "../shared/fernet.ts";
import { encryptPost } from "../shared/post-token.ts";
import { type ServerProcess, startServer } from "../test/server/helpers/server-process.ts";

/** The grypt entry the bench runs with node: GRYPT_BENCH_CLI, else the built dist/node/grypt.js. */
export const CLI = resolve(process.env.GRYPT_BENCH_CLI ?? join(NODE_DIST, "grypt.js"));
const PASSWORD = "bench member password";

const TIME = "/usr/bin/time";
let timeFileCount = 0;

/**
 * One whole process, from spawn to exit: wall time, and its CPU time (user + system, from
 * /usr/bin/time when there is one: on a busy machine the wall time mostly measures the others).
 * Throws on a failing exit (decrypt's 6, some tokens unreadable, counts as done).
 */
export function timeProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  input = "",
): Promise<{ ms: number; cpuMs: number; stdout: string }> {
  const timeFile = join(tmpdir(), `grypt-bench-time-${process.pid}-${timeFileCount++}`);
  const timed = existsSync(TIME);
  const [command, argv] = timed
    ? [TIME, ["-f", "%U %S", "-o", timeFile, process.execPath, ...args]]
    : [process.execPath, args];
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command, argv, {
      env: { ...process.env, GRYPT_PASSWORD: PASSWORD, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.stdin.end(input);
    child.on("close", (code) => {
      const ms = performance.now() - started;
      let cpuMs = Number.NaN;
      if (timed) {
        const [user, system] = readFileSync(timeFile, "utf8").trim().split("\n").at(-1)!.split(" ");
        cpuMs = (Number(user) + Number(system)) * 1000;
        rmSync(timeFile, { force: true });
      }
      if (code === 0 || (code === 6 && args.includes("decrypt"))) done({ ms, cpuMs, stdout });
      else fail(new Error(`${args.join(" ")} exited ${code}: ${stderr}`));
    });
  });
}

export function grypt(args: string[], env: NodeJS.ProcessEnv = {}, input = "") {
  return timeProcess([CLI, ...args], env, input);
}

export interface AgentBenchWorld {
  dir: string;
  data: string;
  server: ServerProcess;
  timeline: string;
}

export async function setUpWorld(): Promise<AgentBenchWorld> {
  const dir = mkdtempSync(join(tmpdir(), "grypt-bench-agent-"));
  const data = join(dir, "member.json");
  const server = await startServer(join(dir, "group.grypt"));
  const noAgent = { GRYPT_AGENT_SOCK: join(dir, "none", "agent.sock") };
  const init = await grypt(["init", "--data", data, "--name", "Bench"], noAgent);
  const fingerprint = /Fingerprint: ([0-9A-F ]+)\n/.exec(init.stdout)![1]!.replaceAll(" ", "");
  await grypt(["join", server.invite, "--data", data, "--no-wait"], noAgent);
  await sendAdminRequest(server.socket, { type: "approve", prefixes: [fingerprint.toLowerCase()] });
  await grypt(["status", "--data", data], noAgent);
  for (let i = 0; i < 2; i++) {
    await sendAdminRequest(server.socket, { type: "rotate", reason: "bench" });
    await grypt(["status", "--data", data], noAgent);
  }
  return { dir, data, server, timeline: await makeTimeline(data) };
}

/** 1,000 lines, every fifth a post token (200, spread over the member's three epochs). */
async function makeTimeline(data: string): Promise<string> {
  const file = await openMemberFile(data, PASSWORD);
  const group = file.state.groups[0]!;
  const keys = await Promise.all(group.keys.map((k) => importFernetKey(k.key)));
  const lines: string[] = [];
  for (let i = 0; i < 1000; i++) {
    if (i % 5 !== 4) {
      lines.push(`line ${i}: an ordinary post about nothing in particular, with some words`);
      continue;
    }
    const n = (i - 4) / 5;
    const epoch = group.keys[n % keys.length]!.epoch;
    const token = await encryptPost(keys[n % keys.length]!, group.groupId, epoch, `post ${n}`);
    lines.push(`@member${n}: ${token}`);
  }
  return `${lines.join("\n")}\n`;
}
