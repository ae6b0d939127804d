/**
 * `grypt` and `grypt-server` asking for passwords on a real terminal (a pseudo-terminal made by
 * util-linux's `script`): both answers of a new password typed in one burst are both read, and
 * Ctrl-C at the prompt exits 130 like any other interrupt.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../helpers/grypt-cli.ts";

const HAVE_SCRIPT = spawnSync("script", ["--version"]).status === 0;
const skip = !HAVE_SCRIPT && "needs util-linux's script";

interface OnTerminal {
  child: ChildProcess;
  /** Resolves once the terminal has shown `text`. */
  shown(text: string): Promise<void>;
  exit: Promise<number | null>;
}

/** Run `bin` (cli/bin/grypt.ts, server/bin/grypt-server.ts) with `args` on a pseudo-terminal, no password in the environment. */
function onTerminal(args: string[], bin = "cli/bin/grypt.ts"): OnTerminal {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.GRYPT_PASSWORD;
  const command = [process.execPath, "--import", "tsx", join(ROOT, bin), ...args]
    .map((a) => `'${a}'`)
    .join(" ");
  const child = spawn("script", ["-qec", command, "/dev/null"], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  const waiting = new Set<() => void>();
  child.stdout!.on("data", (d: Buffer) => {
    output += d.toString();
    for (const check of waiting) check();
  });
  const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 60_000);
  const exit = new Promise<number | null>((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve(code);
    }),
  );
  return {
    child,
    exit,
    shown: (text) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!output.includes(text)) return;
          waiting.delete(check);
          resolve();
        };
        waiting.add(check);
        check();
        void exit.then(() =>
          reject(new Error(`exited before showing ${JSON.stringify(text)}: ${output}`)),
        );
      }),
  };
}

test("grypt init reads both answers typed in one burst; Ctrl-C at a password prompt exits 130", {
  skip,
  timeout: 120_000,
}, async () => {
  const data = join(mkdtempSync(join(tmpdir(), "grypt-tty-")), "member.json");
  const init = onTerminal(["init", "--data", data, "--name", "Tty"]);
  await init.shown("New password for your grypt keys: ");
  init.child.stdin!.write("typed ahead 1\rtyped ahead 1\r");
  assert.equal(await init.exit, 0);
  assert.ok(existsSync(data));

  const status = onTerminal(["status", "--data", data]);
  await status.shown("Password for your grypt keys: ");
  status.child.stdin!.write("typed\u0003");
  assert.equal(await status.exit, 130);
});

test("grypt-server creating a group reads both answers typed in one burst, then runs its console; Ctrl-C at the prompt exits 130", {
  skip,
  timeout: 120_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "grypt-tty-server-"));
  const data = join(dir, "group.grypt");
  const server = onTerminal(["--port", "0", "--data", data], "server/bin/grypt-server.ts");
  await server.shown("New group password: ");
  server.child.stdin!.write("group password 1\rgroup password 1\r");
  await server.shown("grypt> ");
  server.child.stdin!.write("quit\r");
  assert.equal(await server.exit, 0);
  assert.ok(existsSync(data));

  const again = onTerminal(["--port", "0", "--data", data], "server/bin/grypt-server.ts");
  await again.shown("Group password: ");
  again.child.stdin!.write("\u0003");
  assert.equal(await again.exit, 130);
});
