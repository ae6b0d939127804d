/**
 * Join requests are limited per address and per network: many addresses of one /24 share the
 * network's allowance, while addresses of different /24s are not limited. Sent through
 * --trust-proxy, so the addresses are the forwarded ones (the limits must count those).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { WebSocket } from "ws";
import { NETWORK_FACTOR } from "../../server/net/network-limits.ts";
import type { Identity } from "../../shared/identity.ts";
import type { Hello } from "../../shared/protocol/messages.ts";
import { identities } from "./helpers/members.ts";
import { makeAuth } from "./helpers/raw-client.ts";
import { startServer, tempDir } from "./helpers/server-process.ts";

/** New join requests one address may make at once (group-service.ts). */
const PER_ADDRESS = 10;

/** A join request as if from `forwarded`: the server's answer, `pending` or an error code. */
function requestFrom(url: string, identity: Identity, forwarded: string): Promise<string> {
  const ws = new WebSocket(url, { headers: { "X-Forwarded-For": forwarded } });
  ws.on("error", () => undefined);
  return new Promise<string>((resolve) => {
    ws.on("message", async (data) => {
      const message = JSON.parse(data.toString()) as { type: string; code?: string };
      if (message.type === "hello") {
        ws.send(JSON.stringify(await makeAuth(message as Hello, identity)));
        return;
      }
      resolve(message.code ?? message.type);
      ws.close();
    });
    ws.on("close", () => resolve("closed"));
  });
}

/** Requests from `addresses`, ten at a time: how many got each answer. */
async function answers(url: string, identity: Identity, addresses: string[]) {
  const counts: Record<string, number> = {};
  for (let i = 0; i < addresses.length; i += 10) {
    const batch = addresses.slice(i, i + 10).map((a) => requestFrom(url, identity, a));
    for (const answer of await Promise.all(batch)) counts[answer] = (counts[answer] ?? 0) + 1;
  }
  return counts;
}

test("join requests from many addresses of one /24 are limited; from different /24s they are not", {
  timeout: 120_000,
}, async () => {
  const server = await startServer(join(tempDir(), "group.grypt"), { args: ["--trust-proxy"] });
  try {
    const [mallory] = (await identities(1)) as [Identity];
    const count = 2 * PER_ADDRESS * NETWORK_FACTOR;
    // Each address is new, so each connection is a new request (not a repeat).
    const spread = Array.from({ length: count }, (_, i) => `203.0.${i}.9`);
    assert.deepEqual(await answers(server.url, mallory, spread), { pending: count });
    const started = Date.now();
    const oneNetwork = Array.from({ length: count }, (_, i) => `198.51.100.${i + 1}`);
    const limited = await answers(server.url, mallory, oneNetwork);
    // The network's allowance, plus what refilled meanwhile (its rate per minute is its burst).
    const allowance = PER_ADDRESS * NETWORK_FACTOR;
    const refilled = Math.ceil(((Date.now() - started) / 60_000) * allowance);
    assert.ok((limited.pending ?? 0) <= allowance + refilled, JSON.stringify(limited));
    assert.equal((limited.pending ?? 0) + (limited.RATE_LIMITED ?? 0), count);
  } finally {
    await server.stop();
  }
});
