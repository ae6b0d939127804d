/**
 * The address a connection's per-address limits count it under: the socket's peer, or, behind a
 * trusted reverse proxy, the address that proxy saw. A proxy appends the peer it saw to
 * X-Forwarded-For, so only the last entry is the proxy's word; earlier ones are the client's.
 */
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  const peer = request.socket.remoteAddress ?? "unknown";
  if (!trustProxy) return peer;
  const header = request.headers["x-forwarded-for"];
  // Several headers: the proxy's is the last one.
  const last = (Array.isArray(header) ? header.at(-1) : header)?.split(",").at(-1)?.trim();
  return last !== undefined && isIP(last) !== 0 ? last : peer;
}
