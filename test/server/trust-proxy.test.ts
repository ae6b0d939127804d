/**
 * Behind a reverse proxy every connection comes from the proxy's address: with --trust-proxy the
 * per-address limits count the address the proxy put last in X-Forwarded-For; without it the
 * header is ignored (a client could write any address there).
 */
import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import { join } from "node:path";
import { test } from "node:test";
import { WebSocket } from "ws";
import { clientAddress } from "../../server/net/client-address.ts";
import type { Identity } from "../../shared/identity.ts";
import type { Hello } from "../../shared/protocol/messages.ts";
import { admin, identities } from "./helpers/members.ts";
import { makeAuth } from "./helpers/raw-client.ts";
import { type ServerProcess, startServer, tempDir } from "./helpers/server-process.ts";

function request(remoteAddress: string, forwarded?: string | string[]): IncomingMessage {
  return {
    socket: { remoteAddress },
    headers: forwarded === undefined ? {} : { "x-forwarded-for": forwarded },
  } as unknown as IncomingMessage;
}

test("the proxy's entry is the last one; anything that is not an address falls back to the peer", () => {
  assert.equal(clientAddress(request("127.0.0.1", "203.0.113.5"), true), "203.0.113.5");
  assert.equal(clientAddress(request("127.0.0.1", "10.0.0.1, 198.51.100.7"), true), "198.51.100.7");
  assert.equal(
    clientAddress(request("127.0.0.1", ["10.0.0.1", "2001:db8::1"]), true),
    "2001:db8::1",
  );
  assert.equal(
    clientAddress(request("127.0.0.1", "203.0.113.5, not-an-address"), true),
    "127.0.0.1",
  );
  assert.equal(clientAddress(request("127.0.0.1"), true), "127.0.0.1");
  assert.equal(clientAddress(request("127.0.0.1", "203.0.113.5"), false), "127.0.0.1");
});

/** A join request sent as if through a proxy that saw `forwarded`; resolves once pending. */
async function requestThroughProxy(
  server: ServerProcess,
  identity: Identity,
  forwarded: string,
): Promise<WebSocket> {
  const ws = new WebSocket(server.url, { headers: { "X-Forwarded-For": forwarded } });
  ws.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.on("message", async (data) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type === "hello")
        ws.send(JSON.stringify(await makeAuth(message as Hello, identity)));
      else if (message.type === "pending") resolve();
      else reject(new Error(`got ${data.toString()}`));
    });
  });
  return ws;
}

for (const trusted of [true, false]) {
  test(`join requests are recorded under ${trusted ? "the forwarded address with --trust-proxy" : "the peer's address without it"}`, {
    timeout: 60_000,
  }, async () => {
    const server = await startServer(join(tempDir(), "group.grypt"), {
      args: trusted ? ["--trust-proxy"] : [],
    });
    try {
      const [alice] = (await identities(1)) as [Identity];
      const ws = await requestThroughProxy(server, alice, "203.0.113.5");
      const [pending] = (await admin(server, { type: "pending" }, "pending")).requests;
      assert.equal(pending?.address, trusted ? "203.0.113.5" : "127.0.0.1");
      ws.close();
    } finally {
      await server.stop();
    }
  });
}
