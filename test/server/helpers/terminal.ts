/** Run the server (or another of grypt's programs) on a pseudo-terminal (util-linux `script`), typing and reading like a person. */

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { reapOnExit } from "../../helpers/reap-child.ts";
import { ROOT, serverArgs } from "./server-process.ts";

export const HAVE_SCRIPT = spawnSync("script", ["--version"], { stdio: "ignore" }).status === 0;

export interface Terminal {
  child: ChildProcess;
  output(): string;
  type(text: string): void;
  /** Wait until the output (after `from`) matches; returns the index after the match. */
  expect(pattern: RegExp, from?: number, timeoutMs?: number): Promise<number>;
  exited: Promise<number | null>;
  /** Kill the terminal (and the server in it) if it still runs; safe to call twice. */
  kill(): void;
}

export function serverOnTerminal(args: string[], env: NodeJS.ProcessEnv): Terminal {
  return onTerminal(serverArgs(args), env);
}

/** `node <nodeArgs>` on a terminal of its own, in the repository's root. */
export function onTerminal(nodeArgs: string[], env: NodeJS.ProcessEnv = {}): Terminal {
  const command = ["node", ...nodeArgs].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  // Never leave a server behind if the test process ends first.
  const exited = reapOnExit(child);
  return {
    child,
    output: () => out,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
    type: (text) => child.stdin!.write(text),
    exited,
    expect: (pattern, from = 0, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out.slice(from));
          if (!match) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(from + match.index + match[0].length);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${pattern} in terminal output:\n${out.slice(from)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}
