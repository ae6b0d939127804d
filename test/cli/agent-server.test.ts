/**
 * `grypt agent` against a real server, all real processes: join while the agent runs, approval
 * reaching the agent, encrypt and decrypt through two members' agents without a password, and a
 * kick that reaches both agents live.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sendAdminRequest } from "../../server/admin/admin-client.ts";
import type { AdminRequest } from "../../server/admin/admin-messages.ts";
import { grypt } from "../helpers/grypt-cli.ts";
import { type ServerProcess, startServer } from "../server/helpers/server-process.ts";
import { type AgentProcess, startAgent, viaAgent } from "./helpers/agent-process.ts";

const dir = mkdtempSync(join(tmpdir(), "grypt-agent-server-"));
const alice = join(dir, "alice.json");
const bob = join(dir, "bob.json");
let server: ServerProcess;
let aliceAgent: AgentProcess;
let bobAgent: AgentProcess;
const prefixes = new Map<string, string>();

async function admin(request: AdminRequest): Promise<void> {
  const response = await sendAdminRequest(server.socket, request);
  assert.notEqual(response.type, "error", JSON.stringify(response));
}

async function init(data: string, name: string): Promise<void> {
  const result = await grypt(["init", "--data", data, "--name", name]);
  assert.equal(result.code, 0, result.stderr);
  const printed = /Fingerprint: ([0-9A-F ]+)\n/.exec(result.stdout)![1]!;
  prefixes.set(data, printed.replaceAll(" ", "").toLowerCase().slice(0, 16));
}

/** Run through an agent with no password available; must succeed. */
async function ok(agent: AgentProcess, args: string[], input?: string): Promise<string> {
  const result = await viaAgent(agent, args, input);
  assert.equal(result.code, 0, `grypt ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

async function pollStatus(agent: AgentProcess, data: string, pattern: RegExp): Promise<string> {
  const until = Date.now() + 20_000;
  for (;;) {
    const out = await ok(agent, ["status", "--data", data]);
    if (pattern.test(out)) return out;
    if (Date.now() > until) throw new Error(`status never matched ${pattern}:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("grypt agent against a real server", () => {
  before(async () => {
    server = await startServer(join(dir, "group.grypt"));
    await Promise.all([init(alice, "Alice"), init(bob, "Bob")]);
    aliceAgent = await startAgent(alice, join(dir, "alice-agent", "agent.sock"));
  });
  after(async () => {
    await aliceAgent?.stop();
    await bobAgent?.stop();
    await server?.stop();
  });

  it("a join while the agent runs is connected by the agent; approval reaches it live", async () => {
    const joined = await grypt(["join", server.invite, "--data", alice, "--no-wait"], {
      env: aliceAgent.env,
    });
    assert.equal(joined.code, 0, joined.stderr);
    await pollStatus(aliceAgent, alice, /state: pending, no keys/);
    await admin({ type: "approve", prefixes: [prefixes.get(alice)!] });
    const status = await pollStatus(aliceAgent, alice, /state: member, epoch 1/);
    assert.match(status, /Agent: .*alice-agent\/agent\.sock/);
  });

  it("encrypts and decrypts through two members' agents, with no password", async () => {
    assert.equal((await grypt(["join", server.invite, "--data", bob, "--no-wait"])).code, 0);
    await admin({ type: "approve", prefixes: [prefixes.get(bob)!] });
    assert.equal((await grypt(["status", "--data", bob])).code, 0);
    bobAgent = await startAgent(bob, join(dir, "bob-agent", "agent.sock"));
    const token = (await ok(aliceAgent, ["encrypt", "--data", alice], "meet at noon\n")).trim();
    assert.match(token, /^grypt:[0-9A-Za-z]+:1:[0-9A-Za-z]+$/);
    const future = token.replace(/:1:/, ":99:");
    const post = `Posted:\n${token}!\nbye ${future}\n`;
    for (const [agent, data] of [
      [aliceAgent, alice],
      [bobAgent, bob],
    ] as const) {
      const result = await viaAgent(agent, ["decrypt", "--data", data], post);
      assert.equal(result.code, 6, result.stderr);
      assert.equal(result.stdout, `Posted:\nmeet at noon!\nbye ${future}\n`);
      assert.match(result.stderr, /line 3 left as is: no key for epoch 99/);
    }
    // Without the agent the same command needs the password it does not have.
    const without = await grypt(["encrypt", "--data", alice], {
      input: "x",
      env: { GRYPT_AGENT_SOCK: join(dir, "none", "agent.sock"), GRYPT_PASSWORD: undefined },
    });
    assert.equal(without.code, 3, without.stderr);
  });

  it("a kick reaches the remaining agent live (new epoch) and the kicked one reports removed", async () => {
    const old = (await ok(aliceAgent, ["encrypt", "--data", alice], "before the kick")).trim();
    await admin({ type: "kick", prefixes: [prefixes.get(bob)!] });
    await pollStatus(aliceAgent, alice, /state: member, epoch 2, keys for 2 epochs/);
    const fresh = (await ok(aliceAgent, ["encrypt", "--data", alice], "after the kick")).trim();
    assert.equal(fresh.split(":")[2], "2");
    await pollStatus(bobAgent, bob, /state: removed/);
    const refused = await viaAgent(bobAgent, ["encrypt", "--data", bob], "hi");
    assert.equal(refused.code, 5, refused.stderr);
    assert.match(refused.stderr, /you were removed from /);
    // Bob still reads what was posted before, not after.
    const read = await viaAgent(bobAgent, ["decrypt", "--data", bob], `${old} ${fresh}`);
    assert.equal(read.code, 6);
    assert.equal(read.stdout, `before the kick ${fresh}`);
    // Alice's agent saved the new epoch the way grypt saves: read back without any agent.
    const saved = await grypt(["status", "--data", alice, "--offline"], {
      env: { GRYPT_AGENT_SOCK: join(dir, "none", "agent.sock") },
    });
    assert.match(saved.stdout, /state: member, epoch 2, keys for 2 epochs/);
  });

  it("never logs plaintext", () => {
    for (const agent of [aliceAgent, bobAgent]) {
      assert.doesNotMatch(agent.stderr(), /meet at noon|before the kick|after the kick/);
    }
  });
});
