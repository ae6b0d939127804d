/**
 * The admin socket: a unix socket next to the group file, mode 0600 from the moment it exists
 * (created under umask 0177), so only its owner can connect. Newline-delimited JSON, one
 * response per request; requests are parsed with the admin schema. A connection with no request
 * under way that sends nothing for ADMIN_IDLE_MS is closed.
 */

import { lstat, mkdir, unlink } from "node:fs/promises";
import { createConnection, createServer, type Socket } from "node:net";
import { dirname } from "node:path";
import * as v from "valibot";
import { listenPrivately } from "../../node-only/listen-private.ts";
import { GryptError, toWireError } from "../../shared/errors.ts";
import type { Logger } from "../log.ts";
import {
  type AdminRequest,
  AdminRequestSchema,
  type AdminResponse,
  MAX_ADMIN_REQUEST,
} from "./admin-messages.ts";

/**
 * Refuse to start a second server on the same group file; remove a dead server's socket. Only a
 * socket is ever removed: a path that holds anything else (a mistyped --admin-socket naming the
 * group file, say) stops the start and is left as it is.
 */
export async function claimAdminSocket(path: string): Promise<void> {
  const found = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw new GryptError(
      "INVALID_ARGUMENT",
      `cannot use ${path} as the admin socket (${error.code ?? "error"})`,
    );
  });
  if (found && !found.isSocket()) {
    throw new GryptError(
      "INVALID_ARGUMENT",
      `${path} exists and is not a socket; choose another admin socket path (--admin-socket)`,
    );
  }
  if (!found) return;
  const alive = await new Promise<boolean>((resolve) => {
    const probe = createConnection(path);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
  if (alive)
    throw new GryptError(
      "CONFLICT",
      `a grypt server is already running with this group (admin socket ${path})`,
    );
  await unlink(path).catch(() => undefined);
}

type Handler = (request: AdminRequest) => Promise<AdminResponse>;

/** How long an admin connection may wait between requests (a script's, or the console's). */
export const ADMIN_IDLE_MS = 10 * 60_000;

function serve(socket: Socket, handle: Handler, log: Logger, idleMs: number): void {
  let buffer = "";
  let busy = Promise.resolve();
  let underWay = 0;
  let idle: NodeJS.Timeout | undefined;
  /** (Re)start the idle clock when nothing is under way. */
  const wait = () => {
    clearTimeout(idle);
    idle = underWay === 0 ? setTimeout(() => socket.destroy(), idleMs) : undefined;
  };
  const send = (response: AdminResponse) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(response)}\n`);
  };
  socket.setEncoding("utf8");
  socket.on("error", () => undefined);
  socket.on("close", () => clearTimeout(idle));
  wait();
  socket.on("data", (chunk: string) => {
    buffer += chunk;
    if (buffer.length > MAX_ADMIN_REQUEST && !buffer.includes("\n")) {
      send({ type: "error", code: "MESSAGE_TOO_LARGE", message: "admin request too long" });
      socket.end();
      return;
    }
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
      underWay++;
      busy = busy.then(async () => {
        send(await answer(line, handle, log));
        underWay--;
        wait();
      });
    }
    wait();
  });
}

async function answer(line: string, handle: Handler, log: Logger): Promise<AdminResponse> {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return { type: "error", code: "MESSAGE_NOT_JSON", message: "admin request is not JSON" };
  }
  const parsed = v.safeParse(AdminRequestSchema, data);
  if (!parsed.success) {
    return {
      type: "error",
      code: "MESSAGE_INVALID",
      message: `invalid admin request: ${parsed.issues[0].message}`,
    };
  }
  try {
    return await handle(parsed.output);
  } catch (error) {
    // The connection's later requests still get answers.
    const wire = toWireError(error);
    if (wire.code === "INTERNAL")
      log.error("admin request failed", { command: parsed.output.type });
    return { type: "error", ...wire };
  }
}

export async function startAdminSocket(
  path: string,
  handle: Handler,
  log: Logger,
  options: { idleMs?: number } = {},
): Promise<{ close(): Promise<void> }> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const connections = new Set<Socket>();
  const server = createServer((socket) => {
    connections.add(socket);
    socket.once("close", () => connections.delete(socket));
    serve(socket, handle, log, options.idleMs ?? ADMIN_IDLE_MS);
  });
  server.on("error", (error) => log.warn("admin socket error", { why: error.message }));
  await listenPrivately(server, path, "the admin socket", "UNREACHABLE");
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open admin connections (a console in another shell, a script) would hold the close,
        // and with it the server's shutdown, until they end.
        for (const socket of connections) socket.destroy();
        unlink(path).catch(() => undefined);
      }),
  };
}
