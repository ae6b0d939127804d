/**
 * The agent's socket and states, with real processes and no group server: lock, unlock, idle
 * lock, stop, a stale socket, one agent per socket, other users refused, bad requests answered
 * with errors while the agent keeps serving, and commands for another member file not using it.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { eventually, grypt, ROOT } from "../helpers/grypt-cli.ts";
import { type AgentProcess, rawAgent, startAgent, viaAgent } from "./helpers/agent-process.ts";

const dir = mkdtempSync(join(tmpdir(), "grypt-agent-socket-"));
chmodSync(dir, 0o755);
const alice = join(dir, "alice.json");
const other = join(dir, "other.json");
let agent: AgentProcess;

function sockIn(name: string): string {
  return join(dir, name, "agent.sock");
}

describe("grypt agent: socket, states and refusals", () => {
  before(async () => {
    const made = await Promise.all([
      grypt(["init", "--data", alice, "--name", "Alice"]),
      grypt(["init", "--data", other, "--name", "Other"]),
    ]);
    for (const result of made) assert.equal(result.code, 0, result.stderr);
    agent = await startAgent(alice, sockIn("main"));
  });
  after(async () => {
    await agent?.stop();
  });

  it("serves status without a password; the socket is 0600 in a 0700 directory", async () => {
    const status = await viaAgent(agent, ["status", "--data", alice]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /Name: Alice[\s\S]*Agent: /);
    const { statSync } = await import("node:fs");
    assert.equal(statSync(agent.sock).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, "main")).mode & 0o777, 0o700);
  });

  it("a command for another member file works without the agent", async () => {
    const result = await grypt(["status", "--data", other, "--offline"], { env: agent.env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Name: Other/);
    assert.doesNotMatch(result.stdout, /Agent:/);
  });

  it("lock answers LOCKED to callers until unlock (a wrong password leaves it locked)", async () => {
    const locked = await viaAgent(agent, ["lock"]);
    assert.equal(locked.code, 0, locked.stderr);
    const refused = await viaAgent(agent, ["encrypt", "--data", alice], "hi");
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /the grypt agent is locked: run `grypt unlock`/);
    const wrong = await grypt(["unlock"], {
      env: { ...agent.env, GRYPT_PASSWORD: "not it at all" },
    });
    assert.equal(wrong.code, 3);
    assert.match(wrong.stderr, /password/);
    assert.equal((await viaAgent(agent, ["status", "--data", alice])).code, 3);
    const unlocked = await grypt(["unlock"], { env: agent.env });
    assert.equal(unlocked.code, 0, unlocked.stderr);
    assert.equal((await viaAgent(agent, ["status", "--data", alice])).code, 0);
  });

  it("a second agent refuses to start while one runs", async () => {
    const second = await grypt(["agent", "--data", alice], { env: agent.env });
    assert.equal(second.code, 1);
    assert.match(second.stderr, /a grypt agent is already running at /);
    assert.equal((await viaAgent(agent, ["status", "--data", alice])).code, 0);
  });

  it("answers malformed requests with errors and keeps serving; cuts an oversized one", async () => {
    const raw = await rawAgent(agent.sock);
    raw.send("not json\n");
    assert.equal((await raw.next()).code, "MESSAGE_NOT_JSON");
    raw.send(`${JSON.stringify({ type: "frobnicate" })}\n`);
    assert.equal((await raw.next()).code, "MESSAGE_INVALID");
    raw.send(`${JSON.stringify({ type: "decrypt", tokens: "grypt:x" })}\n`);
    assert.equal((await raw.next()).code, "MESSAGE_INVALID");
    raw.send(`${JSON.stringify({ type: "hello" })}\n`);
    assert.deepEqual(await raw.next(), { type: "hello", memberFile: alice, locked: false });
    raw.send("x".repeat(9 * 1024 * 1024));
    assert.equal((await raw.next()).code, "MESSAGE_TOO_LARGE");
    await raw.closed;
    assert.equal((await viaAgent(agent, ["status", "--data", alice])).code, 0);
  });

  it("refuses a connection without the proof of the user's id", async () => {
    const raw = await rawAgent(agent.sock, false);
    raw.send(`${JSON.stringify({ type: "proof", nonce: raw.challenge })}\n`);
    const answer = await raw.next();
    assert.equal(answer.code, "LOCKED");
    assert.match(String(answer.message), /refused/);
    await raw.closed;
  });

  it("refuses a peer running as another user, even when the modes let it connect", async () => {
    const sock = sockIn("loose");
    const loose = await startAgent(alice, sock);
    try {
      chmodSync(join(dir, "loose"), 0o733);
      chmodSync(sock, 0o666);
      // As nobody: connect, and try to prove with a file it cannot make as the agent's user.
      const script = `
        const net = require("node:net"), fs = require("node:fs"), path = require("node:path");
        const s = net.createConnection(${JSON.stringify(sock)});
        let buf = "";
        s.setEncoding("utf8");
        s.on("data", (d) => {
          buf += d;
          const lines = buf.split("\\n");
          if (lines.length < 2) return;
          const first = JSON.parse(lines[0]);
          if (first.type === "challenge" && !s.sent) {
            s.sent = true;
            fs.writeFileSync(path.join(${JSON.stringify(join(dir, "loose"))}, ".peer-" + first.nonce), "");
            s.write(JSON.stringify({ type: "proof", nonce: first.nonce }) + "\\n");
            s.write(JSON.stringify({ type: "hello" }) + "\\n");
            buf = lines.slice(1).join("\\n");
          }
          if (buf.includes("\\n")) { console.log(buf.trim()); process.exit(0); }
        });
        s.on("close", () => { console.log("closed:" + buf); process.exit(0); });`;
      const out = await new Promise<string>((resolve) => {
        const child = spawn(
          "setpriv",
          ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, "-e", script],
          { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
        );
        let text = "";
        child.stdout.on("data", (d) => (text += d));
        child.stderr.on("data", (d) => (text += d));
        child.on("close", () => resolve(text));
      });
      assert.match(out, /"code":"LOCKED"/, out);
      assert.match(out, /refused: the connecting process does not run as the agent's user/);
      assert.equal(
        (await viaAgent(loose, ["status", "--data", alice])).code,
        3,
        "loose dir is not trusted by the client",
      );
    } finally {
      await loose.stop();
    }
  });

  it("a client ignores a socket another user owns", async () => {
    const sock = sockIn("foreign");
    const foreign = await startAgent(alice, sock);
    try {
      chownSync(sock, 65534, 65534);
      const result = await grypt(["status", "--data", alice, "--offline"], { env: foreign.env });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /ignoring the agent: .* belongs to uid 65534, not to you/);
      assert.doesNotMatch(result.stdout, /Agent:/);
    } finally {
      await foreign.stop();
    }
  });

  it("ignores a stale socket, and a new agent replaces it", async () => {
    const sock = sockIn("stale");
    const dead = await startAgent(alice, sock);
    dead.run.signal("SIGKILL");
    await dead.run.done;
    assert.ok(existsSync(sock), "a killed agent leaves its socket file");
    const result = await grypt(["status", "--data", alice, "--offline"], { env: dead.env });
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stdout, /Agent:/);
    const fresh = await startAgent(alice, sock);
    assert.equal((await viaAgent(fresh, ["status", "--data", alice])).code, 0);
    await fresh.stop();
  });

  it("locks itself after --lock-after of idle time", async () => {
    const idle = await startAgent(alice, sockIn("idle"), { args: ["--lock-after", "0.02"] });
    try {
      await eventually(() => idle.stderr().includes("idle: locking"), 30_000);
      const result = await viaAgent(idle, ["status", "--data", alice]);
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /the grypt agent is locked/);
      assert.equal((await grypt(["unlock"], { env: idle.env })).code, 0);
    } finally {
      await idle.stop();
    }
  });

  it("--detach asks the password first, leaves the agent running, and refuses a wrong one", async () => {
    const env = { GRYPT_AGENT_SOCK: sockIn("detached") };
    const wrong = await grypt(["agent", "--detach", "--data", alice], {
      env: { ...env, GRYPT_PASSWORD: "not the password" },
    });
    assert.equal(wrong.code, 3, wrong.stderr);
    assert.ok(!existsSync(env.GRYPT_AGENT_SOCK), "the agent started for it stopped");
    const started = await grypt(["agent", "--detach", "--data", alice], { env });
    assert.equal(started.code, 0, started.stderr);
    assert.match(
      started.stdout,
      /^GRYPT_AGENT_SOCK=.*detached\/agent\.sock; export GRYPT_AGENT_SOCK;/,
    );
    const pid = Number(/Agent pid (\d+)/.exec(started.stdout)![1]);
    const reap = () => process.kill(pid, "SIGKILL");
    process.once("exit", reap);
    try {
      const status = await grypt(["status", "--data", alice], {
        env: { ...env, GRYPT_PASSWORD: undefined },
      });
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /Agent: /);
    } finally {
      assert.equal((await grypt(["agent", "--stop"], { env })).code, 0);
      process.off("exit", reap);
    }
  });

  it("--stop ends the agent: it exits 0 and removes its socket", async () => {
    const sock = sockIn("stop");
    const stopping = await startAgent(alice, sock, { args: ["--locked"] });
    const result = await viaAgent(stopping, ["agent", "--stop"]);
    assert.equal(result.code, 0, result.stderr);
    const exit = await stopping.run.done;
    assert.equal(exit.code, 0, exit.stderr);
    assert.ok(!existsSync(sock));
    const none = await viaAgent(stopping, ["lock"]);
    assert.equal(none.code, 4);
    assert.match(none.stderr, /no grypt agent is running/);
  });
});
