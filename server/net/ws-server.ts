/**
 * The listening socket: HTTP(S) with small header limits; only WebSocket upgrades are served
 * (plain requests get 426), frames are capped at MAX_CLIENT_FRAME, compression is off, and
 * every accepted socket becomes a Connection. Each upgraded socket counts against its client's
 * address and network until the socket itself is gone (its `close`), not merely closing; over
 * the cap an upgrade gets 429. A closing handshake the peer does not answer is cut after
 * CLOSE_GRACE_MS, so a peer that ignores closes holds its sockets no longer than that.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { GryptError } from "../../shared/errors.ts";
import { CLOSE_CODES } from "../../shared/protocol/close-codes.ts";
import { MAX_CLIENT_FRAME } from "../../shared/protocol/messages.ts";
import type { Logger } from "../log.ts";
import type { NetworkCounter } from "./network-limits.ts";
import type { TlsFiles } from "./tls-files.ts";

export const MAX_CONNECTIONS = 20_000;

/** How long a close frame waits for the peer's before the socket is destroyed. */
export const CLOSE_GRACE_MS = 1000;

export interface ListenOptions {
  host: string;
  port: number;
  /** Certificate and key for wss://, already checked (tls-files.ts); none for ws://. */
  tls: TlsFiles | undefined;
  /** The address the per-address limits count a request under (client-address.ts). */
  addressOf: (request: IncomingMessage) => string;
  /** Open sockets per address and network, each counted until it is gone. */
  sockets: NetworkCounter;
}

export interface Listening {
  url: string;
  wss: WebSocketServer;
  /** Serve another certificate to connections from now on (wss:// only). */
  setTls(files: TlsFiles): void;
  close(): Promise<void>;
}

function ignore(): void {}

/** Answer `status` and let the socket go once that is written (the peer's reply is not awaited). */
function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () =>
    socket.destroy(),
  );
}

function makeServer(tls: TlsFiles | undefined): Server | HttpsServer {
  const common = { maxHeaderSize: 8192, requestTimeout: 10_000, headersTimeout: 10_000 };
  return tls
    ? createHttpsServer({ ...common, cert: tls.cert, key: tls.key })
    : createHttpServer(common);
}

export async function listen(
  options: ListenOptions,
  log: Logger,
  onSocket: (ws: import("ws").WebSocket, socket: Duplex, address: string) => void,
): Promise<Listening> {
  const server = makeServer(options.tls);
  // ws 8.23 takes closeTimeout; @types/ws 8.18 lacks it, so the options go in as a variable.
  const wsOptions = {
    noServer: true,
    maxPayload: MAX_CLIENT_FRAME,
    perMessageDeflate: false,
    closeTimeout: CLOSE_GRACE_MS,
  };
  const wss = new WebSocketServer(wsOptions);
  const { sockets } = options;
  server.on("request", (_request, response) => {
    response.writeHead(426, { "content-type": "text/plain", upgrade: "websocket" });
    response.end("grypt group server: connect with a WebSocket client\n");
  });
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", ignore);
    if (wss.clients.size >= MAX_CONNECTIONS) return refuse(socket, "503 Service Unavailable");
    if (request.headers.upgrade?.toLowerCase() !== "websocket")
      return refuse(socket, "400 Bad Request");
    if (socket.destroyed) return;
    const address = options.addressOf(request);
    if (!sockets.enter(address)) return refuse(socket, "429 Too Many Requests");
    // No closure here captures the request: a socket listener would keep it alive for the whole connection.
    socket.once("close", () => sockets.leave(address));
    wss.handleUpgrade(request, socket, head, (ws) => onSocket(ws, socket, address));
  });
  server.on("clientError", (_error, socket) => socket.destroy());
  server.on("tlsClientError", () => undefined);
  wss.on("error", (error) => log.warn("websocket server error", { why: error.message }));
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        new GryptError(
          "UNREACHABLE",
          `cannot listen on ${options.host}:${options.port} (${error.code ?? error.message})`,
        ),
      );
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  const url = `${options.tls ? "wss" : "ws"}://${host}:${port}`;
  return {
    url,
    wss,
    setTls(files) {
      if (!("setSecureContext" in server))
        throw new GryptError("INVALID_ARGUMENT", "this server listens without TLS");
      server.setSecureContext({ cert: files.cert, key: files.key });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.close(CLOSE_CODES.GOING_AWAY, "server shutting down");
        wss.close();
        server.close(() => resolve());
        setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
          server.closeAllConnections();
        }, 1000).unref();
      }),
  };
}
