/**
 * Hostile peers: borrowed public keys, replayed and relayed auths, a few hundred malformed
 * frames, floods, silence. The members keep being served throughout.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { WebSocket } from "ws";
import { fromBase64Url, randomBytes } from "../../shared/bytes.ts";
import type { Identity } from "../../shared/identity.ts";
import type { MemberClient } from "../../shared/member-client/member-client.ts";
import { CLOSE_CODES } from "../../shared/protocol/close-codes.ts";
import { fuzzFrames } from "./helpers/fuzz-frames.ts";
import { admin, identities, isMemberAt, joinApproved, waitFor } from "./helpers/members.ts";
import { connectRaw, makeAuth } from "./helpers/raw-client.ts";
import { type ServerProcess, startServer, tempDir } from "./helpers/server-process.ts";

let server: ServerProcess;
let ids: Identity[];
let alice: MemberClient;
let bob: MemberClient;

before(async () => {
  ids = await identities(4);
  server = await startServer(join(tempDir(), "group.grypt"), {
    // The fuzzing sends dozens of auths that fail from one address: past the failed-auth limit
    // they would be refused unchecked (failed-auth-limit.test.ts tests that limit).
    env: {
      GRYPT_AUTH_TIMEOUT_MS: "1500",
      GRYPT_HEARTBEAT_MS: "400",
      GRYPT_FAILED_AUTHS_PER_MINUTE: "1000",
    },
  });
  alice = await joinApproved(server, ids[0]!, "alice");
  bob = await joinApproved(server, ids[1]!, "bob");
});
after(async () => {
  alice.stop();
  bob.stop();
  assert.equal(await server.stop(), 0);
});

test("a non-member presenting a member's public keys learns nothing", {
  timeout: 90_000,
}, async () => {
  const outcomes = [];
  // Mallory (ids[3]) signs with her own key but presents a member's public keys (alice's),
  // then a stranger's (ids[2]): both must look exactly alike to her.
  for (const keysOf of [ids[0]!, ids[2]!]) {
    const peer = await connectRaw(server.url);
    const forged = await makeAuth(peer.hello, ids[3]!);
    const presented = await makeAuth(peer.hello, keysOf);
    peer.send(JSON.stringify({ ...forged, signKey: presented.signKey, encKey: presented.encKey }));
    const closed = await peer.closed;
    outcomes.push({ messages: peer.messages, code: closed.code });
  }
  assert.deepEqual(
    outcomes[0],
    outcomes[1],
    "a member's keys and a stranger's keys get the same answer",
  );
  assert.equal(outcomes[0]!.code, CLOSE_CODES.AUTH_FAILED);
  assert.deepEqual(
    outcomes[0]!.messages.map((m) => [m.type, m.code]),
    [["error", "AUTH_FAILED"]],
  );
});

test("an auth replayed on another connection, or relayed from another server, fails", {
  timeout: 90_000,
}, async () => {
  const first = await connectRaw(server.url);
  const captured = await makeAuth(first.hello, ids[0]!);
  const second = await connectRaw(server.url);
  second.send(JSON.stringify(captured));
  assert.equal((await second.next("error")).code, "AUTH_FAILED");
  assert.equal((await second.closed).code, CLOSE_CODES.AUTH_FAILED);
  assert.equal(
    second.messages.some((m) => m.type === "keys"),
    false,
  );

  // The original connection still works once (the nonce is single-use per connection).
  first.send(JSON.stringify(captured));
  assert.equal((await first.next("keys")).type, "keys");
  first.send(JSON.stringify(captured));
  assert.equal((await first.next("error")).code, "MESSAGE_UNEXPECTED");
  first.ws.close();

  // Signed for another server's fingerprint (a relay in the middle): refused.
  const third = await connectRaw(server.url);
  third.send(
    JSON.stringify(await makeAuth(third.hello, ids[0]!, { serverFingerprint: randomBytes(32) })),
  );
  assert.equal((await third.next("error")).code, "AUTH_FAILED");
  // The nonce of another connection: refused.
  const fourth = await connectRaw(server.url);
  fourth.send(
    JSON.stringify(
      await makeAuth(fourth.hello, ids[0]!, { nonce: fromBase64Url(third.hello.nonce) }),
    ),
  );
  assert.equal((await fourth.next("error")).code, "AUTH_FAILED");
});

test("hundreds of malformed and hostile frames leave the members served", {
  timeout: 90_000,
}, async () => {
  const frames = fuzzFrames(300, ids[3]!);
  const closes = new Map<number, number>();
  let sent = 0;
  while (sent < frames.length) {
    const peer = await connectRaw(server.url);
    // Up to 4 frames per connection (the fifth bad one closes it with 4000).
    const batch = frames.slice(sent, sent + 4);
    for (const frame of batch) peer.ws.send(frame.data, { binary: frame.binary });
    sent += batch.length;
    peer.ws.close();
    const { code } = await peer.closed;
    closes.set(code, (closes.get(code) ?? 0) + 1);
  }
  // Abuse on one connection: errors, then a named close.
  const abuser = await connectRaw(server.url);
  for (let i = 0; i < 6; i++) abuser.send("{not json");
  assert.equal((await abuser.closed).code, CLOSE_CODES.PROTOCOL_ERROR);
  assert.equal(
    abuser.messages.filter((m) => m.type === "error" && m.code === "MESSAGE_NOT_JSON").length,
    5,
  );
  // A flood of pings: rate limited.
  const flooder = await connectRaw(server.url);
  for (let i = 0; i < 100; i++) flooder.send('{"type":"ping"}');
  assert.equal((await flooder.closed).code, CLOSE_CODES.RATE_LIMITED);
  // An oversized frame: 1009.
  const big = await connectRaw(server.url);
  big.send(JSON.stringify({ type: "ping", pad: "x".repeat(20_000) }));
  assert.equal((await big.closed).code, CLOSE_CODES.MESSAGE_TOO_LARGE);

  const rotated = await admin(server, { type: "rotate" }, "rotated");
  await waitFor(alice, isMemberAt(rotated.epoch));
  await waitFor(bob, isMemberAt(rotated.epoch));
  const late = await joinApproved(server, ids[3]!, "late joiner");
  assert.equal(late.currentEpoch, rotated.epoch);
  late.stop();
});

test("silent peers time out before auth; dead peers are dropped by the heartbeat", {
  timeout: 90_000,
}, async () => {
  const silent = await connectRaw(server.url);
  assert.equal((await silent.next("error", 5000)).code, "AUTH_TIMEOUT");
  assert.equal((await silent.closed).code, CLOSE_CODES.AUTH_TIMEOUT);

  // A member that stops answering WebSocket pings after its handshake.
  const dead = new WebSocket(server.url, { autoPong: false });
  dead.on("error", () => undefined);
  const closed = new Promise<number>((resolve) => dead.on("close", (code) => resolve(code)));
  const gotKeys = new Promise<void>((resolve) =>
    dead.on("message", async (data) => {
      const message = JSON.parse(data.toString());
      if (message.type === "hello") dead.send(JSON.stringify(await makeAuth(message, ids[1]!)));
      if (message.type === "keys") resolve();
    }),
  );
  await gotKeys;
  const started = Date.now();
  assert.equal(await closed, 1006, "terminated without a close frame");
  assert.ok(Date.now() - started < 5000);
  await waitFor(alice, (s) => s.state === "member");
});
