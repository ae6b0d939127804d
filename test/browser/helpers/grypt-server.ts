/**
 * Runs a real grypt server for browser tests: 127.0.0.1, port 0, a temporary group file, and
 * its admin CLI over the local socket.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../../scripts/build-extension.ts";

export interface GryptServer {
  /** The ws:// URL the server listens on. */
  url: string;
  /** The invite line from the admin's `invite` command (pins the server key). */
  invite: string;
  dataFile: string;
  adminSocket: string;
  /** Run one admin command through the local socket; resolves with its output. */
  admin(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export interface StartServerOptions {
  name?: string;
  password?: string;
  /** Reuse an existing group file (e.g. to restart the same group). */
  dataFile?: string;
  history?: "all" | "since-join";
}

const URL_LINE = /\b(wss?:\/\/[^\s"']+)/;
const INVITE_LINE = /grypt-invite:1:[0-9a-f]{64}:\S+/;

function waitForUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not report its URL:\n${output()}`)),
      30_000,
    );
    const check = () => {
      const match = URL_LINE.exec(output());
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on("data", check);
    child.stderr?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${output()}`));
    });
  });
}

export async function startGryptServer(options: StartServerOptions = {}): Promise<GryptServer> {
  const tmp = mkdtempSync(join(tmpdir(), "grypt-server-"));
  const dataFile = options.dataFile ?? join(tmp, "group.grypt");
  const adminSocket = join(tmp, "admin.sock");
  const env = { ...process.env, GRYPT_PASSWORD: options.password ?? "server test password" };
  const args = [
    "--import",
    "tsx",
    join(ROOT, "server/bin/grypt-server.ts"),
    "--host",
    "127.0.0.1",
    "--port",
    "0",
  ];
  args.push(
    "--data",
    dataFile,
    "--admin-socket",
    adminSocket,
    "--name",
    options.name ?? "Test group",
  );
  if (options.history) args.push("--history", options.history);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (chunk: Buffer) => {
    log += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    log += chunk.toString("utf8");
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(tmp, { recursive: true, force: true });
  };
  let url: string;
  try {
    url = await waitForUrl(child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  const admin = (...command: string[]) =>
    new Promise<string>((resolve, reject) => {
      const cli = [
        join(ROOT, "server/bin/grypt-admin.ts"),
        "--admin-socket",
        adminSocket,
        // A script: approve asks only on a terminal, and without one needs --yes.
        "--yes",
        ...command,
      ];
      execFile(
        process.execPath,
        ["--import", "tsx", ...cli],
        { cwd: ROOT, env, timeout: 30_000 },
        (error, stdout, stderr) => {
          if (error)
            reject(new Error(`admin ${command.join(" ")} failed: ${stderr || error.message}`));
          else resolve(stdout);
        },
      );
    });
  let invite: string;
  try {
    const match = INVITE_LINE.exec(await admin("invite"));
    if (!match) throw new Error("admin invite printed no invite line");
    invite = match[0];
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, invite, dataFile, adminSocket, admin, stop };
}
