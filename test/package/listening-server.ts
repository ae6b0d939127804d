/**
 * Start a grypt server command (the installed `grypt-server`, or `npm start`) on 127.0.0.1
 * port 0 and wait until it listens. It runs in its own process group, which stop() signals
 * (npm start's server is a grandchild).
 */
import { spawn } from "node:child_process";

export interface ListeningServer {
  url: string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export function startListening(
  command: string,
  args: string[],
  options: { cwd: string; dataFile: string; env: NodeJS.ProcessEnv },
): Promise<ListeningServer> {
  const child = spawn(command, [...args, "--port", "0", "--data", options.dataFile], {
    cwd: options.cwd,
    env: { ...options.env, GRYPT_PASSWORD: "installed package password" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const signal = (name: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, name);
    } catch {
      // the group is gone already
    }
  };
  // Never leave the group behind if the test process ends first.
  const reap = () => signal("SIGKILL");
  process.once("exit", reap);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      process.off("exit", reap);
      resolve(code);
    }),
  );
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal("SIGKILL");
      reject(new Error(`the server did not start:\n${out}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (\S+)/.exec(out)?.[1];
      if (!url || !/\ninvite grypt-invite:/.test(out)) return;
      clearTimeout(timer);
      child.off("exit", onExit);
      const stop = () => {
        signal("SIGTERM");
        return exited;
      };
      resolve({ url, stop });
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${out}`));
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", onExit);
  });
}
