/** Start an installed `grypt-server` on 127.0.0.1 port 0 and wait until it listens. */
import { spawn } from "node:child_process";
import { reapOnExit } from "../helpers/reap-child.ts";

export interface InstalledServer {
  url: string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export function startInstalledServer(
  command: string,
  options: { cwd: string; dataFile: string; env: NodeJS.ProcessEnv },
): Promise<InstalledServer> {
  const child = spawn(command, ["--port", "0", "--data", options.dataFile], {
    cwd: options.cwd,
    env: { ...options.env, GRYPT_PASSWORD: "installed package password" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = reapOnExit(child);
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the installed server did not start:\n${out}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (\S+)/.exec(out)?.[1];
      if (!url || !/\ninvite grypt-invite:/.test(out)) return;
      clearTimeout(timer);
      child.off("exit", onExit);
      const stop = () => {
        child.kill("SIGTERM");
        return exited;
      };
      resolve({ url, stop });
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`the installed server exited with ${code}:\n${out}`));
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", onExit);
  });
}
