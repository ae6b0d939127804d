/**
 * The admin socket: a unix socket next to the group file, mode 0600 from the moment it exists
 * (created under umask 0177), so only its owner can connect. Newline-delimited JSON, one
 * response per request; requests are parsed with the admin schema.
 */
import { chmod, mkdir, unlink } from "node:fs/promises";
import { createConnection, createServer, type Socket } from "node:net";
import { dirname } from "node:path";
import * as v from "valibot";
import { GryptError } from "../../shared/errors.ts";
import {
  type AdminRequest,
  AdminRequestSchema,
  type AdminResponse,
  MAX_ADMIN_REQUEST,
} from "../../shared/protocol/admin-messages.ts";
import type { Logger } from "../log.ts";

/** Refuse to start a second server on the same group file; remove a dead server's socket. */
export async function claimAdminSocket(path: string): Promise<void> {
  const alive = await new Promise<boolean>((resolve) => {
    const probe = createConnection(path);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
  if (alive) throw new GryptError("CONFLICT", `a grypt server is already running with this group (admin socket ${path})`);
  await unlink(path).catch(() => undefined);
}

function serve(socket: Socket, handle: (request: AdminRequest) => Promise<AdminResponse>): void {
  let buffer = "";
  let busy = Promise.resolve();
  const reply = (response: AdminResponse) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(response)}\n`);
  };
  socket.setEncoding("utf8");
  socket.on("error", () => undefined);
  socket.on("data", (chunk: string) => {
    buffer += chunk;
    if (buffer.length > MAX_ADMIN_REQUEST && !buffer.includes("\n")) {
      reply({ type: "error", code: "MESSAGE_TOO_LARGE", message: "admin request too long" });
      socket.end();
      return;
    }
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
      busy = busy.then(async () => reply(await answer(line, handle)));
    }
  });
}

async function answer(line: string, handle: (request: AdminRequest) => Promise<AdminResponse>): Promise<AdminResponse> {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return { type: "error", code: "MESSAGE_NOT_JSON", message: "admin request is not JSON" };
  }
  const parsed = v.safeParse(AdminRequestSchema, data);
  if (!parsed.success) {
    return { type: "error", code: "MESSAGE_INVALID", message: `invalid admin request: ${parsed.issues[0].message}` };
  }
  return handle(parsed.output);
}

export async function startAdminSocket(
  path: string,
  handle: (request: AdminRequest) => Promise<AdminResponse>,
  log: Logger,
): Promise<{ close(): Promise<void> }> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const server = createServer((socket) => serve(socket, handle));
  server.on("error", (error) => log.warn("admin socket error", { why: error.message }));
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(path, () => resolve());
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new GryptError("UNREACHABLE", `cannot create the admin socket ${path} (${code})`);
  } finally {
    process.umask(previous);
  }
  await chmod(path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        unlink(path).catch(() => undefined);
      }),
  };
}
