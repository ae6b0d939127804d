/**
 * Text from the network never reaches the member's terminal raw: a man in the middle on `ws://`
 * rewriting the (unsigned) hello's group name, an impostor's `error` frame (accepted before the
 * key check) and its close reason, and a name stored before the name rule. `grypt join` and
 * `grypt status` run as real processes against a scripted server on a real WebSocket.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type CliResult, grypt } from "../helpers/grypt-cli.ts";
import { ScriptedServer } from "../helpers/scripted-server.ts";
import { type ScriptedWsServer, serveScripted } from "../helpers/scripted-ws-server.ts";
import { storedGroup, storeGroups, storeName } from "../helpers/stored-groups.ts";

/** Retitles the terminal, clears it, and prints a fake success line (C0, C1 and bidi). */
const HOSTILE = "\u001b]0;PWNED\u0007\u001b[2J\u009b1A\nJoined group Book club at epoch 9.\u202e";
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function assertInert(result: CliResult): void {
  for (const [stream, text] of [
    ["stdout", result.stdout],
    ["stderr", result.stderr],
  ] as const) {
    assert.doesNotMatch(text, UNSAFE, `${stream}: ${JSON.stringify(text)}`);
    assert.doesNotMatch(text, /^Joined group/m, `${stream}: ${JSON.stringify(text)}`);
  }
}

const dir = mkdtempSync(join(tmpdir(), "grypt-hostile-text-"));
const data = join(dir, "member.json");
let scripted: ScriptedServer;
let served: ScriptedWsServer;

describe("network text on the member's terminal", () => {
  before(async () => {
    scripted = await ScriptedServer.create();
    served = await serveScripted(scripted);
    const init = await grypt(["init", "--data", data, "--name", "Member"]);
    assert.equal(init.code, 0, init.stderr);
  });
  after(async () => {
    await served?.close();
  });

  it("a hello whose group name holds escape sequences is refused; join prints none of it", async () => {
    scripted.groupName = HOSTILE.slice(0, 60);
    scripted.decide = () => "pending";
    const joined = await grypt(["join", served.invite, "--data", data, "--no-wait"]);
    assert.notEqual(joined.code, 0);
    assert.match(joined.stderr, /cannot join: .*group name must not contain control characters/);
    assertInert(joined);
    const status = await grypt(["status", "--data", data, "--offline"]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /No groups yet/, "the rewritten name was not stored");
  });

  it("an impostor's error frame is shown inert by join", async () => {
    const impostor = await ScriptedServer.create();
    const impostorInvite = served.invite.replace(
      scripted.identity.fingerprintHex,
      impostor.identity.fingerprintHex,
    );
    scripted.hello = (conn) => {
      setTimeout(() => scripted.close(conn, 4000, "bye"), 100);
      return JSON.stringify({ type: "error", code: "INTERNAL", message: HOSTILE });
    };
    try {
      const framed = await grypt(["join", impostorInvite, "--data", data, "--no-wait"]);
      assert.notEqual(framed.code, 0);
      assert.match(framed.stderr, /cannot join: server: \uFFFD\]0;PWNED/);
      assertInert(framed);
    } finally {
      scripted.hello = undefined;
    }
  });

  it("a close reason after the hello is shown inert by join", async () => {
    scripted.groupName = "Test group";
    scripted.outgoing = (message, conn) => {
      if (message.type !== "pending") return message;
      setTimeout(() => scripted.close(conn, 4000, HOSTILE.slice(0, 40)), 10);
      return undefined;
    };
    try {
      const closed = await grypt(["join", served.invite, "--data", data, "--no-wait"]);
      assert.notEqual(closed.code, 0);
      assert.match(closed.stderr, /cannot join: connection closed \(code 4000: \uFFFD\]0;PWNED/);
      assertInert(closed);
    } finally {
      scripted.outgoing = undefined;
    }
  });

  it("a member name stored before the rule still joins, sent with U+FFFD, and shows inert", async () => {
    const legacy = join(dir, "legacy.json");
    const init = await grypt(["init", "--data", legacy, "--name", "Legacy"]);
    assert.equal(init.code, 0, init.stderr);
    await storeName(legacy, "Al\u009b2Jice \u202eevil");
    scripted.decide = () => "pending";
    const joined = await grypt(["join", served.invite, "--data", legacy, "--no-wait"]);
    assert.equal(joined.code, 0, joined.stderr);
    assert.equal(scripted.receivedOf("auth").at(-1)?.name, "Al\uFFFD2Jice \uFFFDevil");
    const status = await grypt(["status", "--data", legacy, "--offline"]);
    assert.match(status.stdout, /^Name: Al\uFFFD2Jice \uFFFDevil$/m);
    assertInert(status);
  });

  it("status shows a stored name from before the rule, and a server's error text, inert", async () => {
    await storeGroups(data, [
      storedGroup({
        groupId: scripted.groupId,
        groupName: HOSTILE.slice(0, 60),
        url: served.url,
        pin: scripted.identity.fingerprintHex,
        state: "pending",
      }),
    ]);
    const offline = await grypt(["status", "--data", data, "--offline"]);
    assert.equal(offline.code, 0, offline.stderr);
    assert.match(offline.stdout, /\uFFFD\]0;PWNED\uFFFD\uFFFD\[2J\uFFFD1A\uFFFDJoined group/);
    assertInert(offline);

    scripted.hello = (conn) => {
      setTimeout(() => scripted.close(conn, 4000, "bye"), 100);
      return JSON.stringify({ type: "error", code: "INTERNAL", message: HOSTILE });
    };
    try {
      const online = await grypt(["status", "--data", data]);
      assert.equal(online.code, 0, online.stderr);
      assert.match(online.stdout, /not refreshed: server: \uFFFD\]0;PWNED/);
      assertInert(online);
    } finally {
      scripted.hello = undefined;
    }
  });
});
