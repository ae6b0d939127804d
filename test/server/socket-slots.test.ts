/**
 * Sockets held by one address: a peer that completes upgrades and then ignores everything (no
 * auth, or a junk one; never a close frame, never a FIN) holds at most its cap of sockets, since
 * each counts until it is gone and the server cuts a close that is not answered; over the cap it
 * gets 429; members keep connecting meanwhile.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { randomBytes, toBase64Url } from "../../shared/bytes.ts";
import type { Identity } from "../../shared/identity.ts";
import { identities, joinApproved, member, waitFor } from "./helpers/members.ts";
import { maskedTextFrame, type RawUpgrade, rawUpgrade } from "./helpers/raw-upgrade.ts";
import { type ServerProcess, startServer, tempDir } from "./helpers/server-process.ts";

const CAP = 20;
let server: ServerProcess;
let alice: Identity;

before(async () => {
  [alice] = (await identities(1)) as [Identity];
  server = await startServer(join(tempDir(), "group.grypt"), {
    env: { GRYPT_SOCKETS_PER_ADDRESS: String(CAP), GRYPT_AUTH_TIMEOUT_MS: "1500" },
  });
  (await joinApproved(server, alice, "alice")).stop();
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

/** A well-formed auth with alice's public keys and a signature that cannot verify. */
function junkAuth(): string {
  return JSON.stringify({
    type: "auth",
    signKey: toBase64Url(alice.public.signSpki),
    encKey: toBase64Url(alice.public.encSpki),
    name: "junk",
    haveEpoch: 0,
    clientNonce: toBase64Url(randomBytes(32)),
    signature: toBase64Url(randomBytes(64)),
  });
}

test("an address that never answers closes holds no more than its cap; members still connect", {
  timeout: 120_000,
}, async () => {
  const held: RawUpgrade[] = [];
  const statuses = new Map<number, number>();
  let open = 0;
  let most = 0;
  let returning: ReturnType<typeof member> | undefined;
  const started = Date.now();
  // Past the auth timeout and the close grace, so slots are given back and taken again.
  for (let i = 0; i < 150 || Date.now() - started < 4000; i++) {
    if (i === 60) returning = member(server, alice, "alice");
    const raw = rawUpgrade(server.url, "127.0.0.2");
    const status = await raw.status;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (status !== 101) continue;
    held.push(raw);
    most = Math.max(most, ++open);
    void raw.closed.then(() => open--);
    // Half send a junk auth (refused), half nothing (timed out); none answers the close.
    if (i % 2 === 0) raw.socket.write(maskedTextFrame(junkAuth()));
  }
  assert.ok(returning);
  await waitFor(returning, (s) => s.state === "member");
  returning.stop();
  // The server sees a socket gone a moment before this side does: a few may overlap here.
  assert.ok(most <= CAP + 3, `one address held ${most} sockets at once (cap ${CAP})`);
  assert.deepEqual([...statuses.keys()].sort(), [101, 429], "over the cap: 429");
  // Every socket is cut by the server soon after its close is ignored (ws would wait 30 s).
  const cut = await Promise.race([
    Promise.all(held.map((raw) => raw.closed)).then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000)),
  ]);
  assert.ok(cut, `${open} sockets still open 15 s after the attack`);
});

test("behind a trusted proxy the cap counts the forwarded addresses, an IPv6 /64 as one network", {
  timeout: 60_000,
}, async () => {
  const cap = 3;
  const proxied = await startServer(join(tempDir(), "group.grypt"), {
    args: ["--trust-proxy"],
    env: { GRYPT_SOCKETS_PER_ADDRESS: String(cap), GRYPT_AUTH_TIMEOUT_MS: "60000" },
  });
  const held: RawUpgrade[] = [];
  const statusFrom = async (forwarded: string) => {
    const raw = rawUpgrade(proxied.url, "127.0.0.1", `X-Forwarded-For: ${forwarded}\r\n`);
    held.push(raw);
    return raw.status;
  };
  const statuses = async (addresses: string[]) => {
    const answers = [];
    for (const address of addresses) answers.push(await statusFrom(address));
    return answers;
  };
  try {
    // One address: its cap. Many addresses of its /64: the network's, NETWORK_FACTOR (4) caps.
    assert.deepEqual(await statuses(Array(cap + 1).fill("2001:db8::1")), [101, 101, 101, 429]);
    const sameNetwork = Array.from({ length: 3 * cap + 3 }, (_, i) => `2001:db8::ab:${i + 1}`);
    const answers = await statuses(sameNetwork);
    assert.equal(answers.filter((s) => s === 101).length, 3 * cap, JSON.stringify(answers));
    assert.deepEqual(await statuses(["2001:db8:0:1::1", "2001:db8:0:1::2"]), [101, 101]);
    // An IPv4 address written as IPv6 is that IPv4 address.
    assert.deepEqual(
      await statuses(["192.0.2.7", "::ffff:192.0.2.7", "::ffff:c000:207", "192.0.2.7"]),
      [101, 101, 101, 429],
    );
  } finally {
    for (const raw of held) raw.socket.destroy();
    await proxied.stop();
  }
});
