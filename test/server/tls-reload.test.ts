/**
 * The served certificate over a long run: a pair that cannot serve stops the start before the
 * password; SIGHUP or a renewal on disk serves the new certificate to new connections while open
 * ones stay; a broken renewal is logged and the current certificate kept; expiry is warned about.
 */
import assert from "node:assert/strict";
import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { eventually } from "../helpers/grypt-cli.ts";
import { identities, waitFor } from "./helpers/members.ts";
import { run, serverArgs, startServer, tempDir } from "./helpers/server-process.ts";
import { HAVE_OPENSSL, makeCert, servedName, tlsMember } from "./helpers/tls-cert.ts";

const skip = !HAVE_OPENSSL && "needs openssl";

/** Certificates a and b, and the paths the server is given (a copied there). */
function certificates(days = 30) {
  const dir = tempDir();
  const a = makeCert(dir, "a.example", days);
  const b = makeCert(dir, "b.example", days);
  const served = { cert: join(dir, "server.crt"), key: join(dir, "server.key") };
  copyFileSync(a.cert, served.cert);
  copyFileSync(a.key, served.key);
  return { dir, a, b, served, tlsArgs: ["--tls-cert", served.cert, "--tls-key", served.key] };
}

test("a certificate and key that do not belong together stop the start before the password is asked", {
  skip,
  timeout: 60_000,
}, async () => {
  const { dir, a, b } = certificates();
  const dataFile = join(dir, "group.grypt");
  const result = await run(
    process.execPath,
    serverArgs(["--port", "0", "--data", dataFile, "--tls-cert", a.cert, "--tls-key", b.key]),
    {
      GRYPT_PASSWORD: "",
    },
  );
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /grypt-server: the TLS key .*b\.example\.key does not belong to the certificate .*a\.example\.crt/,
  );
  assert.doesNotMatch(result.stderr, /password/);
  assert.equal(existsSync(dataFile), false, "no group was created");
});

test("SIGHUP serves a renewed certificate to new connections; an open member connection stays", {
  skip,
  timeout: 90_000,
}, async () => {
  const { dir, a, b, served, tlsArgs } = certificates();
  const server = await startServer(join(dir, "group.grypt"), { args: tlsArgs });
  const [alice] = await identities(1);
  const client = tlsMember(server, alice!, [a.cert, b.cert]);
  try {
    assert.equal(await servedName(server.url), "a.example");
    client.start();
    await waitFor(client, (s) => s.state === "pending");
    copyFileSync(b.cert, served.cert);
    copyFileSync(b.key, served.key);
    server.child.kill("SIGHUP");
    await eventually(() => /TLS certificate loaded subject=b\.example/.test(server.output()));
    assert.equal(await servedName(server.url), "b.example");
    assert.equal(client.status.state, "pending", "the open connection was not dropped");
    assert.equal(
      (server.output().match(/request /g) ?? []).length,
      1,
      "one join request: no reconnect",
    );
  } finally {
    client.stop();
    assert.equal(await server.stop(), 0);
  }
});

test("a renewal on disk is picked up without a signal; a half-written one is logged and the current kept", {
  skip,
  timeout: 90_000,
}, async () => {
  const { dir, b, served, tlsArgs } = certificates();
  const server = await startServer(join(dir, "group.grypt"), {
    args: tlsArgs,
    env: { GRYPT_TLS_CHECK_MS: "100" },
  });
  try {
    writeFileSync(served.cert, "-----BEGIN CERTIFICATE-----\ncut off");
    await eventually(() =>
      /TLS certificate not reloaded; still serving the previous one why=".*not a PEM certificate"/.test(
        server.output(),
      ),
    );
    assert.equal(await servedName(server.url), "a.example");
    copyFileSync(b.cert, served.cert); // the key is still a's: the pair does not match yet
    await eventually(() => /why=".*does not belong to the certificate/.test(server.output()));
    assert.equal(await servedName(server.url), "a.example");
    copyFileSync(b.key, served.key);
    await eventually(() => /TLS certificate loaded subject=b\.example/.test(server.output()));
    assert.equal(await servedName(server.url), "b.example");
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(
      (server.output().match(/not reloaded/g) ?? []).length,
      2,
      "each broken state is reported once",
    );
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

test("a certificate close to expiry is warned about at start", {
  skip,
  timeout: 60_000,
}, async () => {
  const { dir, tlsArgs } = certificates(3);
  const server = await startServer(join(dir, "group.grypt"), { args: tlsArgs });
  try {
    await eventually(() =>
      /warn .*the TLS certificate expires in 3 day\(s\): renew it subject=a\.example/.test(
        server.output(),
      ),
    );
  } finally {
    assert.equal(await server.stop(), 0);
  }
});
