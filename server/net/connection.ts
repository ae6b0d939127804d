/**
 * One member socket: hello with a fresh nonce, then awaiting-auth → verifying → admitted
 * (pending or member, handled by the group service). Bad frames get an `error`; repeated abuse,
 * floods and silence before auth get a close with a named code. An address (or network) past
 * its allowance of failed auths is refused before its auth is checked. Nothing thrown here
 * escapes.
 */
import type { Duplex } from "node:stream";
import { WebSocket } from "ws";
import { randomBytes, toBase64Url } from "../../shared/bytes.ts";
import { GryptError, toWireError } from "../../shared/errors.ts";
import { CLOSE_CODES } from "../../shared/protocol/close-codes.ts";
import type { Auth, ServerMessage } from "../../shared/protocol/messages.ts";
import { encodeMessage, parseClientFrame } from "../../shared/protocol/parse.ts";
import type { GroupService } from "../group/group-service.ts";
import type { MemberLink, VerifiedAuth } from "../group/links.ts";
import { type Logger, shortFp } from "../log.ts";
import { passAuthGate } from "./auth-gate.ts";
import type { NetworkCounter, NetworkLimiter } from "./network-limits.ts";
import { TokenBucket } from "./rate-limit.ts";
import { sendTextFrame } from "./text-frame.ts";

export interface ConnectionTuning {
  authTimeoutMs: number;
  maxStrikes: number;
  messageBurst: number;
  messagesPerSecond: number;
  maxBufferedBytes: number;
}

export const DEFAULT_TUNING: ConnectionTuning = {
  authTimeoutMs: 10_000,
  maxStrikes: 5,
  messageBurst: 20,
  messagesPerSecond: 2,
  maxBufferedBytes: 8 * 1024 * 1024,
};

export interface ConnectionContext {
  service: GroupService;
  log: Logger;
  tuning: ConnectionTuning;
  /** Unauthenticated connections per address and network (a few hundred at most). */
  preAuth: NetworkCounter;
  /** Failed auths per address and network (auth-gate.ts). */
  failedAuths: NetworkLimiter;
  /** The hello frame without its nonce: `{"type":"hello",...,"nonce":"`. */
  helloHead: string;
}

type Phase = "auth" | "verifying" | "admitted" | "closed";

export class Connection implements MemberLink {
  readonly nonce = randomBytes(32);
  alive = true;
  #phase: Phase = "auth";
  #auth: VerifiedAuth | undefined;
  #strikes = 0;
  #timer: NodeJS.Timeout | undefined;
  #counted = false;
  readonly #bucket: TokenBucket;

  constructor(
    readonly ws: WebSocket,
    /** The socket under `ws` (the upgrade's), for frames written in one piece (text-frame.ts). */
    readonly socket: Duplex,
    readonly address: string,
    readonly context: ConnectionContext,
  ) {
    const { tuning } = context;
    this.#bucket = new TokenBucket(tuning.messageBurst, tuning.messagesPerSecond);
    this.#timer = setTimeout(() => this.#authTimeout(), tuning.authTimeoutMs);
    ws.on("message", (data, isBinary) => this.#onMessage(data, isBinary));
    ws.on("pong", () => {
      this.alive = true;
    });
    ws.on("close", () => this.#onClose());
    ws.on("error", () => undefined);
    if (!context.preAuth.enter(address)) {
      this.#phase = "closed";
      clearTimeout(this.#timer);
      context.log.warn("too many unauthenticated connections", { addr: address });
      ws.send(
        encodeMessage({
          type: "error",
          code: "RATE_LIMITED",
          message: "too many connections from your address",
        }),
      );
      ws.close(CLOSE_CODES.RATE_LIMITED, "rate limited");
      return;
    }
    this.#counted = true;
    this.sendText(`${context.helloHead}${toBase64Url(this.nonce)}"}`);
  }

  /** Leave the unauthenticated count (once). */
  #authDone(): void {
    if (!this.#counted) return;
    this.#counted = false;
    this.context.preAuth.leave(this.address);
  }

  get auth(): VerifiedAuth {
    if (!this.#auth) throw new GryptError("INTERNAL", "connection is not authenticated");
    return this.#auth;
  }

  isOpen(): boolean {
    return this.#phase !== "closed" && this.ws.readyState === WebSocket.OPEN;
  }

  send(message: ServerMessage): void {
    this.sendText(encodeMessage(message));
  }

  sendText(text: string): void {
    if (!this.isOpen()) return;
    if (this.ws.bufferedAmount > this.context.tuning.maxBufferedBytes) {
      this.context.log.warn("dropping a peer that does not read", { addr: this.address });
      this.ws.terminate();
      return;
    }
    sendTextFrame(this.ws, this.socket, text);
  }

  close(code: number, reason: string): void {
    if (this.#phase === "closed") return;
    this.#onClose();
    this.ws.close(code, reason);
  }

  #onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    this.alive = true;
    if (this.#phase === "closed") return;
    if (!this.#bucket.take()) {
      this.context.log.warn("message flood: closing", { addr: this.address });
      this.send({ type: "error", code: "RATE_LIMITED", message: "too many messages" });
      this.close(CLOSE_CODES.RATE_LIMITED, "rate limited");
      return;
    }
    try {
      if (isBinary) throw new GryptError("MESSAGE_INVALID", "frames must be JSON text");
      const message = parseClientFrame(
        Array.isArray(data) ? Buffer.concat(data).toString() : data.toString(),
      );
      switch (message.type) {
        case "ping":
          this.send({ type: "pong" });
          return;
        case "auth":
          if (this.#phase !== "auth")
            throw new GryptError("MESSAGE_UNEXPECTED", "auth was already sent on this connection");
          void this.#onAuth(message);
          return;
        default: {
          const unknown: never = message;
          throw new GryptError("MESSAGE_INVALID", `unknown message ${String(unknown)}`);
        }
      }
    } catch (error) {
      this.#reject(error);
    }
  }

  #reject(error: unknown): void {
    const wire = toWireError(error);
    this.#strikes++;
    if (this.#strikes <= 3)
      this.context.log.warn("rejected input", {
        addr: this.address,
        code: wire.code,
        why: wire.message,
      });
    this.send({ type: "error", ...wire });
    if (this.#strikes >= this.context.tuning.maxStrikes)
      this.close(CLOSE_CODES.PROTOCOL_ERROR, "too many bad messages");
  }

  async #onAuth(message: Auth): Promise<void> {
    this.#phase = "verifying";
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#authDone();
    const { service, log } = this.context;
    const gate = await passAuthGate(message, this.nonce, this.address, this.context);
    if (!gate.passed) {
      this.send({ type: "error", ...gate.error });
      return this.close(gate.closeCode, gate.reason);
    }
    this.#auth = gate.auth;
    if (!this.isOpen()) return;
    this.#phase = "admitted";
    try {
      await service.admit(this);
    } catch (error) {
      log.error("admission failed", {
        fp: shortFp(this.#auth.fingerprintHex),
        why: toWireError(error).message,
      });
      this.send({
        type: "error",
        code: "INTERNAL",
        message: "the server could not process the request",
      });
      this.close(CLOSE_CODES.INTERNAL_ERROR, "internal error");
    }
  }

  #authTimeout(): void {
    if (this.#phase !== "auth") return;
    this.send({ type: "error", code: "AUTH_TIMEOUT", message: "no auth within the time limit" });
    this.close(CLOSE_CODES.AUTH_TIMEOUT, "auth timeout");
  }

  #onClose(): void {
    if (this.#phase === "closed") return;
    const wasAdmitted = this.#phase === "admitted";
    this.#phase = "closed";
    clearTimeout(this.#timer);
    this.#authDone();
    if (wasAdmitted) this.context.service.detach(this);
  }
}
