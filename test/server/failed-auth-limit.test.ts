/**
 * Failed auths are rate-limited per address and per /24: past the allowance an address (or its
 * network) is refused with RATE_LIMITED before any auth is checked, members' auths included, until
 * its debt is paid back; other addresses and networks are not affected, and members' auths, even
 * many at once, spend nothing.
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

/**
 * Failed auths one address may have at once, and per minute (GRYPT_FAILED_AUTHS_PER_MINUTE): few,
 * so that a token takes 20 s to come back to an address and 5 s to its network, far more than a
 * round trip on a loaded machine.
 */
const PER_ADDRESS = 3;
let server: ServerProcess;
let alice: Identity;
let mallory: Identity;

before(async () => {
  [alice, mallory] = (await identities(2)) as [Identity, Identity];
  // Connections are opened ahead and wait for their turn: no auth timeout meanwhile.
  server = await startServer(join(tempDir(), "group.grypt"), {
    env: { GRYPT_AUTH_TIMEOUT_MS: "120000", GRYPT_FAILED_AUTHS_PER_MINUTE: String(PER_ADDRESS) },
  });
  (await joinApproved(server, alice, "alice")).stop();
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

/** An open connection from `localAddress`, its hello received, ready to send one auth. */
interface Ready {
  /** Authenticate as `identity` (mallory signing for its keys when `forged`): the answer's type or error code, and the close code if it closed. */
  auth(identity: Identity, forged?: boolean): Promise<{ answer: string; close?: number }>;
}

function openFrom(localAddress: string): Promise<Ready> {
  const ws = new WebSocket(server.url, { localAddress });
  ws.on("error", () => undefined);
  let onAnswer: (message: { type: string; code?: string }) => void = () => undefined;
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  return new Promise<Ready>((resolveReady) => {
    ws.on("message", (data) => {
      const message = JSON.parse(data.toString()) as { type: string; code?: string };
      if (message.type !== "hello") return onAnswer(message);
      const hello = message as unknown as Hello;
      resolveReady({
        auth: async (identity, forged = false) => {
          const auth = await makeAuth(hello, forged ? mallory : identity);
          const keys = forged ? await makeAuth(hello, identity) : auth;
          const answered = new Promise<string>((resolve) => {
            onAnswer = (answer) => resolve(answer.code ?? answer.type);
          });
          ws.send(JSON.stringify({ ...auth, signKey: keys.signKey, encKey: keys.encKey }));
          const answer = await Promise.race([answered, closed.then(() => "none")]);
          if (answer === "keys") {
            ws.close();
            return { answer };
          }
          return { answer, close: await closed };
        },
      });
    });
  });
}

/** Open a connection from each address, then send every auth at once: the answers, in order. */
async function burst(addresses: string[], identity: Identity, forged: boolean) {
  const ready = await Promise.all(addresses.map(openFrom));
  return Promise.all(ready.map((r) => r.auth(identity, forged)));
}

const count = (answers: Array<{ answer: string }>, answer: string) =>
  answers.filter((a) => a.answer === answer).length;

const closeOf = (answer: string) =>
  answer === "AUTH_FAILED" ? CLOSE_CODES.AUTH_FAILED : CLOSE_CODES.RATE_LIMITED;

test("past its allowance of failed auths an address is refused, members too; others are not", {
  timeout: 90_000,
}, async () => {
  const [probe, member] = await Promise.all([openFrom("127.0.0.3"), openFrom("127.0.0.3")]);
  // Sent at once, they are checked while the address has tokens left, and each failure charged.
  const answers = await burst(Array(PER_ADDRESS + 4).fill("127.0.0.3"), alice, true);
  assert.ok(count(answers, "AUTH_FAILED") >= PER_ADDRESS, JSON.stringify(answers));
  assert.ok(
    answers.every((a) => a.close === closeOf(a.answer)),
    JSON.stringify(answers),
  );
  // The address owes now: refused before its auth is checked, alice's as well.
  assert.deepEqual(await probe.auth(alice, true), {
    answer: "RATE_LIMITED",
    close: CLOSE_CODES.RATE_LIMITED,
  });
  assert.equal((await member.auth(alice)).answer, "RATE_LIMITED");
  // Another address is not limited, and members' auths, many at once, spend nothing there.
  const members = await burst(Array(4 * PER_ADDRESS).fill("127.0.0.4"), alice, false);
  assert.equal(count(members, "keys"), 4 * PER_ADDRESS, JSON.stringify(members));
  assert.equal((await (await openFrom("127.0.0.4")).auth(alice, true)).answer, "AUTH_FAILED");
});

test("many addresses of one /24 share its allowance of failed auths; another /24 has its own", {
  timeout: 90_000,
}, async () => {
  // Each address fresh: only the network's allowance (4 addresses' worth) stops them.
  const answers = await burst(
    Array.from({ length: 8 * PER_ADDRESS }, (_, i) => `127.0.0.${i + 10}`),
    alice,
    true,
  );
  assert.ok(count(answers, "AUTH_FAILED") >= 1, JSON.stringify(answers));
  const [probe, member] = await Promise.all([openFrom("127.0.0.70"), openFrom("127.0.0.71")]);
  assert.equal((await probe.auth(alice, true)).answer, "RATE_LIMITED");
  assert.equal((await member.auth(alice)).answer, "RATE_LIMITED");
  assert.equal((await (await openFrom("127.0.1.1")).auth(alice)).answer, "keys");
  assert.equal((await (await openFrom("127.0.2.1")).auth(alice, true)).answer, "AUTH_FAILED");
});
