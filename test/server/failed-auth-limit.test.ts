/**
 * Failed auths are rate-limited per address and per /24: past the allowance an address (or its
 * network) is refused with RATE_LIMITED before any auth is checked, members' auths included;
 * other addresses and networks are not affected, and a member's auth spends nothing.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { WebSocket } from "ws";
import type { Identity } from "../../shared/identity.ts";
import { CLOSE_CODES } from "../../shared/protocol/close-codes.ts";
import type { Hello } from "../../shared/protocol/messages.ts";
import { identities, joinApproved } from "./helpers/members.ts";
import { makeAuth } from "./helpers/raw-client.ts";
import { type ServerProcess, startServer, tempDir } from "./helpers/server-process.ts";

/** Failed auths one address may have at once (run-server.ts), and per minute. */
const PER_ADDRESS = 10;
let server: ServerProcess;
let alice: Identity;
let mallory: Identity;

before(async () => {
  [alice, mallory] = (await identities(2)) as [Identity, Identity];
  server = await startServer(join(tempDir(), "group.grypt"));
  (await joinApproved(server, alice, "alice")).stop();
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

/**
 * Connect from `localAddress` and authenticate as `identity` (mallory signs for alice's keys
 * when `forged`): the answer's type or error code, and the close code if it closed.
 */
function authFrom(localAddress: string, identity: Identity, forged = false) {
  const ws = new WebSocket(server.url, { localAddress });
  ws.on("error", () => undefined);
  return new Promise<{ answer: string; close?: number }>((resolve) => {
    let answer = "none";
    ws.on("message", async (data) => {
      const message = JSON.parse(data.toString()) as { type: string; code?: string };
      if (message.type !== "hello") {
        answer = message.code ?? message.type;
        if (answer === "keys") resolve({ answer });
        ws.close();
        return;
      }
      const auth = await makeAuth(message as Hello, forged ? mallory : identity);
      const keys = forged ? await makeAuth(message as Hello, alice) : auth;
      ws.send(JSON.stringify({ ...auth, signKey: keys.signKey, encKey: keys.encKey }));
    });
    ws.on("close", (close) => resolve({ answer, close }));
  });
}

const count = (answers: Array<{ answer: string }>, answer: string) =>
  answers.filter((a) => a.answer === answer).length;

test("past its allowance of failed auths an address is refused, members too; others are not", {
  timeout: 90_000,
}, async () => {
  const started = Date.now();
  const answers = [];
  for (let i = 0; i < PER_ADDRESS + 4; i++) answers.push(await authFrom("127.0.0.3", alice, true));
  const refilled = Math.ceil(((Date.now() - started) / 60_000) * PER_ADDRESS);
  assert.deepEqual(answers[0], { answer: "AUTH_FAILED", close: CLOSE_CODES.AUTH_FAILED });
  assert.ok(count(answers, "AUTH_FAILED") <= PER_ADDRESS + refilled, JSON.stringify(answers));
  assert.deepEqual(answers.at(-1), { answer: "RATE_LIMITED", close: CLOSE_CODES.RATE_LIMITED });
  // Until it refills, the address is refused before its auth is checked: alice's as well.
  assert.equal((await authFrom("127.0.0.3", alice)).answer, "RATE_LIMITED");
  // Another address is not limited; a member's auth there spends none of its allowance.
  for (let i = 0; i < PER_ADDRESS + 2; i++)
    assert.equal((await authFrom("127.0.0.4", alice)).answer, "keys");
  assert.equal((await authFrom("127.0.0.4", alice, true)).answer, "AUTH_FAILED");
});

test("many addresses of one /24 share its allowance of failed auths; another /24 has its own", {
  timeout: 90_000,
}, async () => {
  const answers = [];
  for (let i = 10; i < 60; i++) answers.push(await authFrom(`127.0.0.${i}`, alice, true));
  assert.equal(answers[0]?.answer, "AUTH_FAILED");
  assert.ok(count(answers, "RATE_LIMITED") > 0, JSON.stringify(answers));
  assert.equal((await authFrom("127.0.0.60", alice)).answer, "RATE_LIMITED");
  assert.equal((await authFrom("127.0.1.1", alice)).answer, "keys");
  assert.equal((await authFrom("127.0.2.1", alice, true)).answer, "AUTH_FAILED");
});
