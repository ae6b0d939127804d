/** Spawn the real server (`node --import tsx server/bin/grypt-server.ts`) on 127.0.0.1 port 0, for tests. */

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reapOnExit } from "../../helpers/reap-child.ts";

import { ROOT } from "../../helpers/root.ts";

export { ROOT };
export const PASSWORD = "correct horse battery staple";

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  invite: string;
  fingerprint: string;
  dataFile: string;
  socket: string;
  output: () => string;
  /** SIGTERM, then wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL, then wait. */
  kill(): Promise<void>;
}

export function tempDir(prefix = "grypt-server-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a command to its end (with an optional timeout), collecting its output. */
export function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<RunResult> {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

export function serverArgs(args: string[]): string[] {
  return ["--import", "tsx", join(ROOT, "server/bin/grypt-server.ts"), ...args];
}

/** Start a server on `dataFile` (created on first start) and wait for its listening line. */
export function startServer(
  dataFile: string,
  options: { env?: NodeJS.ProcessEnv; args?: string[] } = {},
): Promise<ServerProcess> {
  const env = { ...process.env, GRYPT_PASSWORD: PASSWORD, ...options.env };
  const child = spawn(
    process.execPath,
    serverArgs(["--port", "0", "--data", dataFile, ...(options.args ?? [])]),
    {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  // Never leave a server behind if the test process ends first.
  const exited = reapOnExit(child);
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (\S+)/.exec(out)?.[1];
      const invite = /invite (grypt-invite:1:([0-9a-f]{64}):\S+)/.exec(out);
      if (!url || !invite) return;
      clearTimeout(timer);
      resolveStart({
        child,
        url,
        invite: invite[1]!,
        fingerprint: invite[2]!,
        dataFile,
        socket: `${dataFile}.sock`,
        output: () => out,
        stop: async () => {
          child.kill("SIGTERM");
          return exited;
        },
        kill: async () => {
          child.kill("SIGKILL");
          await exited;
        },
      });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}
