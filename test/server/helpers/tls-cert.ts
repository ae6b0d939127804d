/** Self-signed certificates for the TLS tests, made with the openssl command (CI installs it). */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "node:tls";
import { WebSocket } from "ws";
import type { Identity } from "../../../shared/identity.ts";
import { MemberClient } from "../../../shared/member-client/member-client.ts";

export const HAVE_OPENSSL = spawnSync("openssl", ["version"], { stdio: "ignore" }).status === 0;

/** A P-256 certificate for 127.0.0.1 with common name `name`: `<dir>/<name>.crt` and `.key`. */
export function makeCert(dir: string, name: string, days = 30): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  // biome-ignore format: openssl's arguments read best as flag/value pairs
  const made = spawnSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", String(days),
    "-keyout", key, "-out", cert, "-subj", `/CN=${name}`, "-addext", "subjectAltName=IP:127.0.0.1",
  ], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  return { cert, key };
}

/** The common name of the certificate a TLS server on `url` presents to a new connection. */
export function servedName(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: hostname, port: Number(port), rejectUnauthorized: false },
      () => {
        const name = socket.getPeerCertificate().subject?.CN;
        socket.destroy();
        resolve(Array.isArray(name) ? name.join(",") : (name ?? ""));
      },
    );
    socket.on("error", reject);
  });
}

/** A member client (not started) for a wss:// server, trusting the certificates in `caFiles`. */
export function tlsMember(
  server: { url: string; fingerprint: string },
  identity: Identity,
  caFiles: string[],
): MemberClient {
  const ca = caFiles.map((file) => readFileSync(file));
  return new MemberClient({
    url: server.url,
    identity,
    name: "alice",
    pin: server.fingerprint,
    connect: (url) => new WebSocket(url, { ca }),
  });
}
