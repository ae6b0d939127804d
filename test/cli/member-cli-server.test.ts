import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sendAdminRequest } from "../../server/admin/admin-client.ts";
import type { AdminRequest } from "../../server/admin/admin-messages.ts";
import { eventually, grypt, startGrypt } from "../helpers/grypt-cli.ts";
import { type ServerProcess, startServer } from "../server/helpers/server-process.ts";

const dir = mkdtempSync(join(tmpdir(), "grypt-cli-server-"));
const alice = join(dir, "alice.json");
const bob = join(dir, "bob.json");
const carol = join(dir, "carol.json");
let server: ServerProcess;

async function admin(request: AdminRequest): Promise<void> {
  const response = await sendAdminRequest(server.socket, request);
  assert.notEqual(response.type, "error", JSON.stringify(response));
}

const fingerprints = new Map<string, string>();

/** Make a member's keys; remember the fingerprint init printed. */
async function init(data: string, name: string): Promise<void> {
  const out = await ok(["init", "--data", data, "--name", name]);
  const printed = /Fingerprint: ([0-9A-F ]+)\n/.exec(out)![1]!;
  fingerprints.set(data, printed.replaceAll(" ", "").toLowerCase());
}

function prefixOf(data: string): string {
  return fingerprints.get(data)!.slice(0, 16);
}

async function ok(args: string[], input?: string): Promise<string> {
  const result = await grypt(args, { input });
  assert.equal(result.code, 0, `grypt ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

describe("grypt command line against a real server", () => {
  before(async () => {
    server = await startServer(join(dir, "group.grypt"));
    await Promise.all([init(alice, "Alice"), init(bob, "Bob"), init(carol, "Carol")]);
  });
  after(async () => {
    await server?.stop();
  });

  it("join --no-wait records a pending request; status picks up the keys after approval", async () => {
    const joined = await grypt(["join", server.invite, "--data", alice, "--no-wait"]);
    assert.equal(joined.code, 0, joined.stderr);
    assert.match(joined.stdout, /recorded; not approved yet/);
    assert.match(await ok(["status", "--data", alice]), /state: pending, no keys/);
    const encrypt = await grypt(["encrypt", "--data", alice], { input: "too early" });
    assert.equal(encrypt.code, 5);
    assert.match(encrypt.stderr, /the admin has not approved you/);
    await admin({ type: "approve", prefixes: [prefixOf(alice)] });
    const status = await ok(["status", "--data", alice]);
    assert.match(status, /state: member, epoch 1, key for epoch 1/);
    assert.match(status, new RegExp(`server: ${server.url.replace(/[/.]/g, "\\$&")}`));
  });

  it("join waits for approval and exits once the keys arrive", async () => {
    const run = startGrypt(["join", server.invite, "--data", bob]);
    await eventually(() => run.output().stderr.includes("Waiting for the admin to approve you"));
    await admin({ type: "approve", prefixes: [prefixOf(bob)] });
    const result = await run.done;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Joined group .* at epoch 1\.\n$/);
  });

  it("encrypts stdin to one token that another member decrypts in place", async () => {
    const token = (await ok(["encrypt", "--data", alice], "meet at noon\n")).trim();
    assert.match(token, /^grypt:[0-9A-Za-z]+:1:[0-9A-Za-z]+$/);
    const text = `Posted:\n${token.slice(0, 30)}\u200b${token.slice(30)}!\nbye\n`;
    assert.equal(await ok(["decrypt", "--data", bob], text), "Posted:\nmeet at noon!\nbye\n");
  });

  it("passes input that is not UTF-8 through byte for byte around the tokens it decrypts", async () => {
    const token = (await ok(["encrypt", "--data", alice], "café ☕")).trim();
    const latin1 = (text: string) => Buffer.from(text, "latin1");
    const input = Buffer.concat([
      latin1("Caf\u00e9 \u00e0 midi: "),
      Buffer.from(token),
      latin1(" \u00ff\u0000\n"),
    ]);
    const result = await grypt(["decrypt", "--data", bob], { input });
    assert.equal(result.code, 0, result.stderr);
    const expected = Buffer.concat([
      latin1("Caf\u00e9 \u00e0 midi: "),
      Buffer.from("café ☕", "utf8"),
      latin1(" \u00ff\u0000\n"),
    ]);
    assert.deepEqual(result.stdoutBytes, expected);
    // Without any token, the bytes come back as they went in; encrypt still wants text.
    assert.deepEqual(
      (await grypt(["decrypt", "--data", bob], { input: latin1("\u00e9t\u00e9") })).stdoutBytes,
      latin1("\u00e9t\u00e9"),
    );
    const encrypt = await grypt(["encrypt", "--data", alice], { input: latin1("\u00e9t\u00e9") });
    assert.equal(encrypt.code, 1);
    assert.match(encrypt.stderr, /not valid UTF-8/);
  });

  it("leaves tokens it cannot read as they are, with a note and exit 6", async () => {
    const token = (await ok(["encrypt", "--data", alice], "secret")).trim();
    const parts = token.split(":");
    const foreign = `grypt:AAAAAAAAAAAAAAAAA:1:${parts[3]}`;
    const future = `grypt:${parts[1]}:99:${parts[3]}`;
    const text = `a ${token} b ${foreign}\nc ${future} d\n`;
    const result = await grypt(["decrypt", "--data", bob], { input: text });
    assert.equal(result.code, 6);
    assert.equal(result.stdout, `a secret b ${foreign}\nc ${future} d\n`);
    assert.match(result.stderr, /line 1 left as is: group AAAAAAAAAAAAAAAAA is not one of yours/);
    assert.match(result.stderr, /line 2 left as is: no key for epoch 99/);
  });

  it("follows a rotation: encrypt refreshes to the new epoch, old posts stay readable", async () => {
    const old = (await ok(["encrypt", "--data", alice], "old post")).trim();
    await admin({ type: "rotate", reason: "test" });
    const fresh = (await ok(["encrypt", "--data", alice], "new post")).trim();
    assert.equal(fresh.split(":")[2], "2");
    assert.equal(await ok(["decrypt", "--data", bob], `${old} ${fresh}`), "old post new post");
  });

  it("a kicked member cannot encrypt any more (exit 5)", async () => {
    await admin({ type: "kick", prefixes: [prefixOf(bob)] });
    const result = await grypt(["encrypt", "--data", bob], { input: "hi" });
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /you were removed from /);
    assert.match(
      await ok(["status", "--data", bob, "--offline"]),
      /state: removed, keys for 2 epochs/,
    );
  });

  it("refuses an invite whose fingerprint is not the server's key (exit 5), storing nothing", async () => {
    const forged = server.invite.replace(
      /:([0-9a-f]{64}):/,
      (_m, fp: string) => `:${fp.slice(0, 63)}${fp.endsWith("0") ? "1" : "0"}:`,
    );
    const before = readFileSync(alice, "utf8");
    const result = await grypt(["join", forged, "--data", alice]);
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /presented key [0-9a-f]{64}, but the invite names/);
    assert.equal(readFileSync(alice, "utf8"), before);
  });

  it("Ctrl-C while waiting for approval keeps the request and exits 130", async () => {
    const run = startGrypt(["join", server.invite, "--data", carol]);
    await eventually(() => run.output().stderr.includes("Waiting for the admin to approve you"));
    run.signal("SIGINT");
    const result = await run.done;
    assert.equal(result.code, 130, result.stderr);
    assert.match(result.stdout, /recorded; not approved yet/);
    assert.match(await ok(["status", "--data", carol, "--offline"]), /state: pending, no keys/);
  });

  it("works offline with stored keys when the server is down", async () => {
    const before = (await ok(["encrypt", "--data", alice], "before")).trim();
    await server.stop();
    const result = await grypt(["encrypt", "--data", alice, "--timeout", "3"], {
      input: "while down",
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /not refreshed .*; using the stored key of epoch 3/);
    assert.equal(
      await ok(["decrypt", "--data", alice], `${before}|${result.stdout.trim()}`),
      "before|while down",
    );
    assert.match(
      await ok(["status", "--data", alice, "--timeout", "3"]),
      /state: member, epoch 3[\s\S]*not refreshed: cannot reach/,
    );
  });
});
