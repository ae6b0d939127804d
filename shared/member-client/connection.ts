/** One socket's worth of state: its phase in the handshake, timers, and an ordered frame queue. */
import { GryptError, type WireError } from "../errors.ts";
import type { ClientMessage, ServerMessage } from "../protocol/messages.ts";
import { encodeMessage } from "../protocol/parse.ts";
import type { ServerSession } from "./handshake.ts";
import {
  SOCKET_CLOSED,
  SOCKET_CLOSING,
  SOCKET_OPEN,
  type Timers,
  type WebSocketLike,
} from "./websocket-like.ts";

/** hello → (trust) → auth-sent → pending? → member. */
export type Phase = "hello" | "trust" | "auth-sent" | "pending" | "member";

const ANY_PHASE: readonly Phase[] = ["hello", "trust", "auth-sent", "pending", "member"];

/** The phases in which each server message may arrive; anything else breaks the protocol. */
const ALLOWED: Record<ServerMessage["type"], readonly Phase[]> = {
  hello: ["hello"],
  pending: ["auth-sent"],
  keys: ["auth-sent", "pending"],
  denied: ["auth-sent", "pending"],
  removed: ["auth-sent", "pending", "member"],
  rekey: ["member"],
  pong: ANY_PHASE,
  error: ANY_PHASE,
};

/** Throw MESSAGE_UNEXPECTED unless a message of this type may arrive in this phase. */
export function checkPhase(type: ServerMessage["type"], phase: Phase): void {
  if (!ALLOWED[type].includes(phase)) {
    throw new GryptError(
      "MESSAGE_UNEXPECTED",
      `server sent "${type}" while the connection was at "${phase}"`,
    );
  }
}

/** Close code the client sends when the server broke the protocol. */
export const CLIENT_PROTOCOL_ERROR = 4000;

export class Connection {
  readonly socket: WebSocketLike;
  phase: Phase = "hello";
  server: ServerSession | undefined;
  /** The last `error` message the server sent: the reason given when it then closes. */
  serverError: WireError | undefined;
  receivedAny = false;
  retired = false;
  #queue: Promise<void> = Promise.resolve();
  #timers: Timers;
  #handshakeTimer: unknown;
  #keepaliveTimer: unknown;
  #heardSincePing = true;

  constructor(socket: WebSocketLike, timers: Timers) {
    this.socket = socket;
    this.#timers = timers;
  }

  /** Why this connection ended, for the status: the server's last error, else what the close says. */
  closeError(url: string, code: number, reason: string): WireError {
    if (this.serverError) return this.serverError;
    if (!this.receivedAny) return { code: "UNREACHABLE", message: `cannot reach ${url}` };
    return {
      code: "CONNECTION_CLOSED",
      message: `connection closed (code ${code}${reason ? `: ${reason}` : ""})`,
    };
  }

  /** Run `task` after every earlier one: frames and the close are handled in arrival order. */
  enqueue(task: () => Promise<void> | void, onError: (error: unknown) => void): void {
    this.#queue = this.#queue.then(task).catch(onError);
  }

  heard(): void {
    this.receivedAny = true;
    this.#heardSincePing = true;
  }

  send(message: ClientMessage): void {
    if (this.retired || this.socket.readyState !== SOCKET_OPEN) return;
    this.socket.send(encodeMessage(message));
  }

  armHandshakeTimer(ms: number, onTimeout: (error: GryptError) => void): void {
    this.clearHandshakeTimer();
    this.#handshakeTimer = this.#timers.setTimeout(() => {
      this.#handshakeTimer = undefined;
      onTimeout(
        new GryptError(
          "TIMEOUT",
          `the server did not complete the handshake within ${Math.ceil(ms / 1000)} s`,
        ),
      );
    }, ms);
  }

  clearHandshakeTimer(): void {
    if (this.#handshakeTimer !== undefined) this.#timers.clearTimeout(this.#handshakeTimer);
    this.#handshakeTimer = undefined;
  }

  /** Ping every `ms`; a server that stays silent for a whole interval after a ping is dead. */
  startKeepalive(ms: number, onDead: (error: GryptError) => void): void {
    if (this.#keepaliveTimer !== undefined) return;
    const tick = () => {
      this.#keepaliveTimer = undefined;
      if (this.retired) return;
      if (!this.#heardSincePing) {
        onDead(
          new GryptError("TIMEOUT", `no answer from the server for ${Math.ceil(ms / 1000)} s`),
        );
        return;
      }
      this.#heardSincePing = false;
      this.send({ type: "ping" });
      this.#keepaliveTimer = this.#timers.setTimeout(tick, ms);
    };
    this.#keepaliveTimer = this.#timers.setTimeout(tick, ms);
  }

  /** Stop using this socket: timers cleared, socket closed; later events are ignored. */
  retire(code = 1000, reason = ""): void {
    if (this.retired) return;
    this.retired = true;
    this.clearHandshakeTimer();
    if (this.#keepaliveTimer !== undefined) this.#timers.clearTimeout(this.#keepaliveTimer);
    this.#keepaliveTimer = undefined;
    const state = this.socket.readyState;
    if (state === SOCKET_CLOSING || state === SOCKET_CLOSED) return;
    try {
      this.socket.close(code, reason.slice(0, 100));
    } catch {
      // Closing a socket that is already failing: nothing more to do.
    }
  }
}
