/**
 * An in-memory WebSocket pair: the client end is a WebSocketLike, the server end a ServerPeer.
 * Every delivery happens on a later macrotask, as on a real socket.
 */
import {
  SOCKET_CLOSED,
  SOCKET_CLOSING,
  SOCKET_CONNECTING,
  SOCKET_OPEN,
  type WebSocketLike,
} from "../../shared/member-client/websocket-like.ts";

/** The server's end of one connection, whatever carries it. */
export interface ServerPeer {
  send(text: string): void;
  close(code: number, reason?: string): void;
}

export interface PeerHandlers {
  onMessage(data: string): void;
  onClose(code: number): void;
}

const later = (fn: () => void) => setImmediate(fn);

export class MemorySocket implements WebSocketLike {
  readyState: number = SOCKET_CONNECTING;
  onopen: WebSocketLike["onopen"] = null;
  onmessage: WebSocketLike["onmessage"] = null;
  onclose: WebSocketLike["onclose"] = null;
  onerror: WebSocketLike["onerror"] = null;
  /** Frames the client sent, in order. */
  readonly sent: string[] = [];
  #server: PeerHandlers | undefined;

  /** Open and attach to a server (`accept` returns its handlers), or fail like an unreachable host. */
  constructor(accept: ((peer: ServerPeer) => PeerHandlers) | undefined) {
    later(() => {
      if (this.readyState !== SOCKET_CONNECTING) return;
      if (!accept) {
        this.onerror?.({});
        this.#closed(1006, "");
        return;
      }
      this.readyState = SOCKET_OPEN;
      this.onopen?.({});
      this.#server = accept({
        send: (text) => this.#deliver(text),
        close: (code, reason) => this.#serverClose(code, reason ?? ""),
      });
    });
  }

  send(data: string): void {
    if (this.readyState !== SOCKET_OPEN) throw new Error("socket is not open");
    this.sent.push(data);
    later(() => this.#server?.onMessage(data));
  }

  close(code = 1000, reason = ""): void {
    if (this.readyState === SOCKET_CLOSING || this.readyState === SOCKET_CLOSED) return;
    this.readyState = SOCKET_CLOSING;
    later(() => this.#closed(code, reason));
  }

  #deliver(text: string): void {
    later(() => {
      if (this.readyState === SOCKET_OPEN) this.onmessage?.({ data: text });
    });
  }

  #serverClose(code: number, reason: string): void {
    if (this.readyState === SOCKET_CLOSED) return;
    later(() => this.#closed(code, reason));
  }

  #closed(code: number, reason: string): void {
    if (this.readyState === SOCKET_CLOSED) return;
    this.readyState = SOCKET_CLOSED;
    this.#server?.onClose(code);
    this.#server = undefined;
    this.onclose?.({ code, reason });
  }
}
