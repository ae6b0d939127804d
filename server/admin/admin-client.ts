/**
 * The other side of the admin socket: check the socket is ours and private (owner = this user,
 * no group/other permission bits) before connecting, send one request, parse one response.
 */
import { lstat } from "node:fs/promises";
import { createConnection } from "node:net";
import * as v from "valibot";
import { GryptError } from "../../shared/errors.ts";
import {
  type AdminRequest,
  type AdminResponse,
  AdminResponseSchema,
  MAX_ADMIN_RESPONSE,
} from "../../shared/protocol/admin-messages.ts";

export async function checkAdminSocket(path: string): Promise<void> {
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new GryptError("UNREACHABLE", `no grypt server is running: ${path} does not exist`);
    if (code === "EACCES") throw new GryptError("LOCKED", `permission denied on the admin socket ${path}: it belongs to another user`);
    throw new GryptError("LOCKED", `cannot inspect the admin socket ${path} (${code ?? "error"})`);
  }
  if (!info.isSocket()) throw new GryptError("LOCKED", `${path} is not a socket; refusing to use it`);
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    throw new GryptError("LOCKED", `the admin socket ${path} belongs to uid ${info.uid}, not to you (uid ${uid}); refusing`);
  }
  if ((info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, "0");
    throw new GryptError("LOCKED", `the admin socket ${path} has mode ${mode}, others could use it; refusing (must be 0600)`);
  }
}

function connectError(path: string, code: string | undefined): GryptError {
  if (code === "EACCES" || code === "EPERM") {
    return new GryptError("LOCKED", `permission denied on the admin socket ${path}: it belongs to another user`);
  }
  if (code === "ECONNREFUSED" || code === "ENOENT") {
    return new GryptError("UNREACHABLE", `no grypt server is running behind ${path}`);
  }
  return new GryptError("UNREACHABLE", `cannot reach the admin socket ${path} (${code ?? "error"})`);
}

export async function sendAdminRequest(path: string, request: AdminRequest, timeoutMs = 120_000): Promise<AdminResponse> {
  await checkAdminSocket(path);
  return new Promise<AdminResponse>((resolve, reject) => {
    const socket = createConnection(path);
    let buffer = "";
    const fail = (error: GryptError) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new GryptError("TIMEOUT", "the server did not answer in time")));
    socket.setEncoding("utf8");
    socket.on("error", (error: NodeJS.ErrnoException) => fail(connectError(path, error.code)));
    socket.on("connect", () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_ADMIN_RESPONSE) return fail(new GryptError("MESSAGE_TOO_LARGE", "admin response too long"));
      const newline = buffer.indexOf("\n");
      if (newline < 0) return;
      socket.end();
      let data: unknown;
      try {
        data = JSON.parse(buffer.slice(0, newline));
      } catch {
        return reject(new GryptError("MESSAGE_NOT_JSON", "the server's answer is not JSON"));
      }
      const parsed = v.safeParse(AdminResponseSchema, data);
      if (!parsed.success) return reject(new GryptError("MESSAGE_INVALID", "the server's answer has an unexpected shape"));
      resolve(parsed.output);
    });
    socket.on("end", () => {
      if (!buffer.includes("\n")) fail(new GryptError("CONNECTION_CLOSED", "the server closed the admin connection"));
    });
  });
}
