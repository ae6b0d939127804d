/** Start everything in order: group file, WebSocket listener, admin socket, console, signals. */

import { toBase64Url } from "../../shared/bytes.ts";
import { GryptError } from "../../shared/errors.ts";
import { formatInvite } from "../../shared/invite.ts";
import { PROTOCOL_VERSION } from "../../shared/protocol/messages.ts";
import { claimAdminSocket, startAdminSocket } from "../admin/admin-socket.ts";
import { type AdminContext, executeAdmin } from "../admin/commands.ts";
import { type AdminConsole, startConsole } from "../admin/console.ts";
import type { ServerConfig } from "../config/options.ts";
import { WrapPool } from "../crypto/wrap-pool.ts";
import { GroupService } from "../group/group-service.ts";
import { createLogger } from "../log.ts";
import { clientAddress } from "../net/client-address.ts";
import { Connection, DEFAULT_TUNING } from "../net/connection.ts";
import { startHeartbeat } from "../net/heartbeat.ts";
import { NetworkCounter, NetworkLimiter } from "../net/network-limits.ts";
import { readTlsFiles } from "../net/tls-files.ts";
import { DEFAULT_TLS_CHECK_MS, startTlsRefresh, type TlsRefresh } from "../net/tls-refresh.ts";
import { listen } from "../net/ws-server.ts";
import { reportMemoryOnSignal } from "./memory-report.ts";
import { openGroup } from "./open-group.ts";
import { installShutdown } from "./shutdown.ts";

/** Unauthenticated connections one address may hold at once. */
const MAX_PREAUTH_PER_ADDRESS = 500;
/** Sockets one address may hold open at once, authenticated or not. */
const MAX_SOCKETS_PER_ADDRESS = 1000;
/** Failed auths one address may have at once, and then per minute. */
const FAILED_AUTHS_PER_MINUTE = 10;

/** A positive whole number from the environment (a tuning knob), else `fallback`. */
function envInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export async function runServer(config: ServerConfig, env: NodeJS.ProcessEnv): Promise<void> {
  let adminConsole: AdminConsole | undefined;
  const log = createLogger(
    {
      write: (line) =>
        adminConsole ? adminConsole.write(line.trimEnd()) : process.stderr.write(line),
    },
    { quiet: config.quiet },
  );
  await claimAdminSocket(config.adminSocket);
  // A TLS pair that cannot serve stops the start before the password is asked for.
  const tlsPaths =
    config.tlsCert && config.tlsKey ? { cert: config.tlsCert, key: config.tlsKey } : undefined;
  const tls = tlsPaths && { paths: tlsPaths, files: readTlsFiles(tlsPaths) };
  const { store, state, identity } = await openGroup(config, env, log);
  const wraps = new WrapPool();
  wraps.warm();
  const service = new GroupService(store, state, identity, log, wraps);
  const tuning = {
    ...DEFAULT_TUNING,
    authTimeoutMs: envInt(env, "GRYPT_AUTH_TIMEOUT_MS", DEFAULT_TUNING.authTimeoutMs),
  };
  const helloHead = `${JSON.stringify({
    type: "hello",
    version: PROTOCOL_VERSION,
    groupId: identity.groupId,
    groupName: state.name,
    serverKey: toBase64Url(identity.spki),
  }).slice(0, -1)},"nonce":"`;
  const connections = new Set<Connection>();
  const track = (connection: Connection) => {
    connections.add(connection);
    connection.ws.once("close", () => connections.delete(connection));
  };
  const failedAuths = envInt(env, "GRYPT_FAILED_AUTHS_PER_MINUTE", FAILED_AUTHS_PER_MINUTE);
  const context = {
    service,
    log,
    tuning,
    helloHead,
    preAuth: new NetworkCounter(MAX_PREAUTH_PER_ADDRESS),
    failedAuths: new NetworkLimiter(failedAuths, failedAuths),
  };
  const listening = await listen(
    {
      host: config.host,
      port: config.port,
      tls: tls?.files,
      addressOf: (request) => clientAddress(request, config.trustProxy),
      sockets: new NetworkCounter(
        envInt(env, "GRYPT_SOCKETS_PER_ADDRESS", MAX_SOCKETS_PER_ADDRESS),
      ),
    },
    log,
    (ws, socket, address) => track(new Connection(ws, socket, address, context)),
  );
  const tlsRefresh: TlsRefresh | undefined =
    tls &&
    startTlsRefresh(
      tls.paths,
      tls.files,
      (files) => listening.setTls(files),
      log,
      envInt(env, "GRYPT_TLS_CHECK_MS", DEFAULT_TLS_CHECK_MS),
    );
  const stopHeartbeat = startHeartbeat(
    () => connections,
    envInt(env, "GRYPT_HEARTBEAT_MS", 30_000),
  );
  const url = config.publicUrl ?? listening.url;
  const invite = formatInvite({ url, fingerprintHex: identity.fingerprintHex });
  if (!config.publicUrl && (config.host === "0.0.0.0" || config.host === "::")) {
    log.warn("listening on all addresses: give --public-url so invites name a reachable address");
  }
  const adminContext: AdminContext = { service, log, url, invite };
  const execute = (request: Parameters<typeof executeAdmin>[1]) =>
    executeAdmin(adminContext, request);
  const admin = await startAdminSocket(config.adminSocket, execute, log);
  const shutdown = installShutdown(log, [
    () => adminConsole?.close(),
    () => admin.close(),
    () => stopHeartbeat(),
    () => tlsRefresh?.stop(),
    () => listening.close(),
    () => store.close(),
    () => service.standby?.stop(),
    () => wraps.close(),
  ]);
  process.stdout.write(`listening on ${listening.url}\ninvite ${invite}\n`);
  log.info("serving", { group: identity.groupId, url: listening.url, admin: config.adminSocket });
  // SIGHUP: with the console on a terminal, the terminal went away: stop. Otherwise (a service)
  // it asks for a reload: the TLS certificate is read again.
  process.on("SIGHUP", () => {
    if (adminConsole) return void shutdown();
    if (tlsRefresh) tlsRefresh.reload();
    else log.info("SIGHUP: nothing to reload (no TLS certificate)");
  });
  if (process.stdin.isTTY && process.stdout.isTTY) {
    adminConsole = startConsole(service, execute, () => void shutdown());
  }
  reportMemoryOnSignal(log, () => connections.size);
  process.on("unhandledRejection", (reason) => {
    log.error("unexpected failure", {
      why: reason instanceof GryptError ? reason.message : "internal error",
    });
  });
}
