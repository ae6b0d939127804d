/**
 * Starting and stopping a headless Firefox ESR for browser tests: a free port, a fresh profile
 * with a user.js, the process itself (its output kept for error messages), the wait until its
 * WebDriver BiDi endpoint answers, and a shutdown that always kills it and removes the profile.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BidiConnection } from "./firefox-bidi-connection.ts";

export const FIREFOX_PATH = process.env.GRYPT_FIREFOX ?? "/usr/bin/firefox-esr";

/** Why Firefox tests cannot run here, or null when they can. */
export function firefoxMissingReason(): string | null {
  return existsSync(FIREFOX_PATH)
    ? null
    : `Firefox not installed at ${FIREFOX_PATH} (apt-get install firefox-esr)`;
}

export type PrefValue = string | number | boolean;

/** Ask the OS for a free TCP port on 127.0.0.1 (bind port 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("no port from the OS"))));
    });
  });
}

/** An empty profile holding only a user.js with these preferences (read at startup). */
export function createProfile(prefs: Record<string, PrefValue>): string {
  const dir = mkdtempSync(join(tmpdir(), "grypt-firefox-"));
  const lines = Object.entries(prefs).map(
    ([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`,
  );
  writeFileSync(join(dir, "user.js"), `${lines.join("\n")}\n`);
  return dir;
}

export interface FirefoxProcess {
  child: ChildProcess;
  port: number;
  profile: string;
  /** The last part of Firefox's stdout and stderr, for failure messages. */
  output(): string;
  /** Kill Firefox (gracefully first if `graceful` resolves in time) and remove the profile. */
  stop(graceful?: () => Promise<unknown>): Promise<void>;
}

const OUTPUT_KEEP = 200_000;
const STARTUP_TIMEOUT_MS = 90_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function startFirefoxProcess(profile: string, port: number): FirefoxProcess {
  const args = [
    "--headless",
    "--no-remote",
    `--remote-debugging-port=${port}`,
    "--profile",
    profile,
  ];
  // System access lets BiDi navigate to moz-extension:// pages and reach the chrome window.
  args.push("--remote-allow-system-access");
  const child = spawn(FIREFOX_PATH, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: "1" },
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_KEEP);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("error", (error) => keep(Buffer.from(`spawn failed: ${error.message}\n`)));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  // If the test process exits without calling stop(), take Firefox and its profile with it.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(profile, { recursive: true, force: true });
  };
  process.once("exit", killOnExit);
  let stopping: Promise<void> | null = null;
  const stop = (graceful?: () => Promise<unknown>) => {
    stopping ??= (async () => {
      process.off("exit", killOnExit);
      if (graceful && child.exitCode === null) {
        await Promise.race([graceful().catch(() => undefined), sleep(5_000)]);
        await Promise.race([exited, sleep(5_000)]);
      }
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
      rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    })();
    return stopping;
  };
  return { child, port, profile, output: () => output, stop };
}

/** Connect to ws://127.0.0.1:port/session once Firefox listens; fails if Firefox exits first. */
export async function connectWhenReady(firefox: FirefoxProcess): Promise<BidiConnection> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (firefox.child.exitCode !== null || firefox.child.signalCode !== null) {
      throw new Error(
        `Firefox exited (${firefox.child.exitCode ?? firefox.child.signalCode}) before BiDi answered:\n${firefox.output()}`,
      );
    }
    try {
      return await BidiConnection.open(`ws://127.0.0.1:${firefox.port}/session`);
    } catch {
      if (Date.now() > deadline) {
        throw new Error(
          `Firefox's BiDi endpoint did not answer within ${STARTUP_TIMEOUT_MS} ms:\n${firefox.output()}`,
        );
      }
      await sleep(100);
    }
  }
}
