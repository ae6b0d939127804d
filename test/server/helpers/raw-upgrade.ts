/**
 * A WebSocket peer at the TCP level, for attack tests: it completes the upgrade from a chosen
 * local address, may write frames, and never answers anything the server sends (no pong, no
 * close frame, no FIN): only the server can end it.
 */
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

export interface RawUpgrade {
  socket: Socket;
  /** The HTTP status the server answered the upgrade with (101 when upgraded). */
  status: Promise<number>;
  /** Resolves when the server has ended or destroyed the socket. */
  closed: Promise<void>;
}

export function rawUpgrade(url: string, localAddress: string, headers = ""): RawUpgrade {
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, "");
  const socket = connect({ host, port: Number(port), localAddress, allowHalfOpen: true });
  socket.on("error", () => undefined);
  // Never half-close in answer to the server's FIN: only the server ends this socket.
  socket.on("end", () => undefined);
  const closed = new Promise<void>((resolve) => {
    socket.once("end", resolve);
    socket.once("close", resolve);
  });
  const status = new Promise<number>((resolve) => {
    let head = "";
    const onData = (chunk: Buffer) => {
      head += chunk.toString("latin1");
      const line = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (!line) return;
      socket.off("data", onData);
      // Keep reading (and ignoring) whatever follows, so the server's writes never block.
      socket.on("data", () => undefined);
      resolve(Number(line[1]));
    };
    socket.on("data", onData);
    socket.once("close", () => resolve(0));
  });
  socket.write(
    `GET / HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n` +
      `${headers}\r\n`,
  );
  return { socket, status, closed };
}

/** One masked text frame, as a client must send it. */
export function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const length =
    payload.length < 126
      ? Buffer.from([0x80 | payload.length])
      : Buffer.from([0x80 | 126, payload.length >> 8, payload.length & 255]);
  const mask = randomBytes(4);
  const masked = payload.map((byte, i) => byte ^ (mask[i % 4] ?? 0));
  return Buffer.concat([Buffer.from([0x81]), length, mask, masked]);
}
