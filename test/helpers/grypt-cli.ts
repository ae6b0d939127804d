/** Run the `grypt` command line as a real process (node --import tsx cli/bin/grypt.ts). */
import { spawn } from "node:child_process";
import { join } from "node:path";

import { ROOT } from "./root.ts";

export { ROOT };
export const MEMBER_PASSWORD = "member password 1";

export interface CliResult {
  code: number | null;
  stdout: string;
  /** stdout exactly as written (stdout is it read as UTF-8). */
  stdoutBytes: Buffer;
  stderr: string;
}

export interface CliRun {
  /** Resolves when the process exits. */
  done: Promise<CliResult>;
  /** Output so far. */
  output(): { stdout: string; stderr: string };
  signal(name: NodeJS.Signals): void;
}

/**
 * Start grypt with `args`. The process gets its own session (no controlling terminal), so a
 * missing password can never hang on a prompt. GRYPT_PASSWORD is set unless env says otherwise.
 */
export function startGrypt(
  args: string[],
  options: { input?: string | Uint8Array; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): CliRun {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GRYPT_PASSWORD: MEMBER_PASSWORD,
    ...options.env,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "cli/bin/grypt.ts"), ...args],
    {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  const stdoutChunks: Buffer[] = [];
  child.stdout.on("data", (d: Buffer) => {
    stdoutChunks.push(d);
    stdout += d;
  });
  child.stderr.on("data", (d) => (stderr += d));
  child.stdin.on("error", () => {});
  child.stdin.end(options.input ?? "");
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
  const done = new Promise<CliResult>((resolveRun) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stdoutBytes: Buffer.concat(stdoutChunks), stderr });
    });
  });
  return { done, output: () => ({ stdout, stderr }), signal: (name) => child.kill(name) };
}

export function grypt(
  args: string[],
  options?: Parameters<typeof startGrypt>[1],
): Promise<CliResult> {
  return startGrypt(args, options).done;
}

/** Poll until `check` holds (for output of a running process), failing after `ms`. */
export async function eventually(check: () => boolean, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
