/**
 * The listening socket: wss with --tls-cert/--tls-key; plain HTTP and odd upgrades are turned
 * away; SIGUSR2 logs memory use (the benchmark's reading).
 */
import assert from "node:assert/strict";
import { request } from "node:http";
import { join } from "node:path";
import { test } from "node:test";
import { identities, waitFor } from "./helpers/members.ts";
import { startServer, tempDir } from "./helpers/server-process.ts";
import { HAVE_OPENSSL, makeCert, tlsMember } from "./helpers/tls-cert.ts";

test("wss: a member joins over TLS with the server's certificate", {
  skip: !HAVE_OPENSSL && "needs openssl",
  timeout: 90_000,
}, async () => {
  const dir = tempDir();
  const { cert, key } = makeCert(dir, "localhost");
  const server = await startServer(join(dir, "group.grypt"), {
    env: { GRYPT_TLS_CERT: cert },
    args: ["--tls-key", key],
  });
  try {
    assert.match(server.url, /^wss:\/\/127\.0\.0\.1:\d+$/);
    assert.match(server.invite, /:wss:\/\/127\.0\.0\.1:\d+\/$/);
    const [alice] = await identities(1);
    const client = tlsMember(server, alice!, [cert]);
    client.start();
    await waitFor(client, (s) => s.state === "pending");
    client.stop();
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

test("plain HTTP gets 426 and a non-websocket upgrade 400; SIGUSR2 logs memory use", {
  timeout: 60_000,
}, async () => {
  const server = await startServer(join(tempDir(), "group.grypt"));
  try {
    const { port } = new URL(server.url);
    const get = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port, path: "/", headers }, (res) =>
          resolve(res.statusCode ?? 0),
        );
        req.on("upgrade", () => resolve(101));
        req.on("error", (error) =>
          (error as NodeJS.ErrnoException).code === "ECONNRESET" ? resolve(-1) : reject(error),
        );
        req.end();
      });
    assert.equal(await get({}), 426);
    assert.equal(await get({ connection: "upgrade", upgrade: "h2c" }), 400);
    assert.equal(
      await get({ connection: "upgrade", upgrade: "websocket" }),
      400,
      "no Sec-WebSocket-Key",
    );
    server.child.kill("SIGUSR2");
    const line = / memory rssKb=(\d+) heapKb=\d+ externalKb=\d+ connections=0/;
    for (let i = 0; i < 100 && !line.test(server.output()); i++)
      await new Promise((r) => setTimeout(r, 50));
    assert.ok(Number(line.exec(server.output())?.[1]) > 1000, "an RSS figure in KB");
  } finally {
    assert.equal(await server.stop(), 0);
  }
});
