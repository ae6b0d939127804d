/**
 * The member's side of the grypt protocol over any WebSocket-like object: verify or pin the
 * server key, prove possession of the member key, verify and unwrap session keys, follow
 * rekeys, keep the connection alive and reconnect with backoff. Shared by the extension's
 * background and the command line.
 */
import { GryptError, toWireError, type WireError } from "../errors.ts";
import type { Keys, Rekey, ServerMessage } from "../protocol/messages.ts";
import { parseServerFrame } from "../protocol/parse.ts";
import { Backoff } from "./backoff.ts";
import { ClientEvents } from "./client-events.ts";
import {
  type GroupInfo,
  type MemberClientOptions,
  type ResolvedOptions,
  resolveOptions,
} from "./client-options.ts";
import { CLIENT_PROTOCOL_ERROR, Connection, checkPhase } from "./connection.ts";
import type { EpochKeyBytes } from "./epoch-keyring.ts";
import { GroupKeys } from "./group-keys.ts";
import {
  buildAuth,
  checkHello,
  matchesPin,
  openKeys,
  openRekey,
  type ServerSession,
} from "./handshake.ts";
import type { MemberStatus } from "./member-status.ts";
import { Reconnect } from "./reconnect.ts";
import type { WaitOptions } from "./status-waiters.ts";

export type { GroupInfo, MemberClientOptions } from "./client-options.ts";

function info(server: ServerSession): GroupInfo {
  return {
    groupId: server.groupId,
    groupName: server.groupName,
    fingerprintHex: server.fingerprintHex,
  };
}

export class MemberClient {
  readonly #options: ResolvedOptions;
  readonly #keys: GroupKeys;
  readonly #reconnect: Reconnect;
  readonly #events: ClientEvents;
  #pin: string | undefined;
  #group: GroupInfo | undefined;
  #conn: Connection | undefined;
  #running = false;
  #started = false;

  constructor(options: MemberClientOptions) {
    this.#options = resolveOptions(options);
    this.#keys = new GroupKeys(options.knownKeys);
    this.#events = new ClientEvents(this.#options);
    this.#reconnect = new Reconnect(
      new Backoff(options.backoff, options.random),
      this.#options.timers,
    );
    this.#pin = options.pin;
  }

  get status(): MemberStatus {
    return this.#events.status;
  }
  /** Highest epoch known to be current (0 before any key). */
  get currentEpoch(): number {
    return this.#keys.current;
  }
  /** The pinned server fingerprint, if any (after trust on first use too). */
  get pin(): string | undefined {
    return this.#pin;
  }
  /** The group as the last hello described it (its name is the server's while the status is member). */
  get group(): GroupInfo | undefined {
    return this.#group;
  }
  key(epoch: number): Uint8Array | undefined {
    return this.#keys.ring.get(epoch);
  }
  epochs(): number[] {
    return this.#keys.ring.epochs();
  }

  /** Connect (again after stop or a terminal state); no-op while running. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#started = true;
    this.#reconnect.reset();
    this.#open();
  }

  /** Close the connection and never reconnect (until start). */
  stop(): void {
    this.#running = false;
    this.#reconnect.cancel();
    this.#conn?.retire(1000, "stopped");
    this.#conn = undefined;
    this.#events.setStatus({ state: "stopped" });
  }

  /** Settles when the status matches; rejects on timeout, abort, or a terminal state that does not match. */
  waitForStatus(
    predicate: (status: MemberStatus) => boolean,
    options?: WaitOptions,
  ): Promise<MemberStatus> {
    return this.#events.waitForStatus(this.#started, predicate, options);
  }

  #open(): void {
    this.#reconnect.cancel();
    this.#events.setStatus({ state: "connecting", attempt: this.#reconnect.attempt });
    if (!this.#running) return; // stopped from the status callback
    let conn: Connection;
    try {
      conn = new Connection(this.#options.connect(this.#options.url), this.#options.timers);
    } catch (error) {
      this.#retry(
        error instanceof GryptError
          ? error.toWire()
          : { code: "UNREACHABLE", message: `cannot connect to ${this.#options.url}` },
      );
      return;
    }
    this.#conn = conn;
    const fail = (error: unknown) => this.#fail(conn, error);
    conn.socket.onopen = () => {};
    conn.socket.onerror = () => {};
    conn.socket.onmessage = (event) => {
      if (conn.retired) return;
      conn.heard();
      conn.enqueue(() => this.#onFrame(conn, event.data), fail);
    };
    conn.socket.onclose = (event) =>
      conn.enqueue(() => this.#onClose(conn, event.code, event.reason), fail);
    conn.armHandshakeTimer(this.#options.handshakeTimeoutMs, fail);
  }

  async #onFrame(conn: Connection, data: unknown): Promise<void> {
    if (conn.retired) return;
    const message: ServerMessage = parseServerFrame(data);
    checkPhase(message.type, conn.phase);
    switch (message.type) {
      case "hello":
        return this.#onHello(conn, await checkHello(message));
      case "pending":
        if (message.fingerprint !== this.#options.identity.public.fingerprintHex) {
          throw new GryptError(
            "MESSAGE_INVALID",
            "server reported a pending request for another member's fingerprint",
          );
        }
        conn.phase = "pending";
        this.#handshakeDone(conn);
        return this.#events.setStatus({ state: "pending", fingerprint: message.fingerprint });
      case "keys":
        return this.#onKeys(conn, message);
      case "rekey":
        return this.#onRekey(conn, message);
      case "denied":
        return this.#terminal({ state: "denied" });
      case "removed":
        return this.#terminal({ state: "removed" });
      case "pong":
        return;
      case "error":
        conn.serverError = { code: message.code, message: `server: ${message.message}` };
        this.#events.report(conn.serverError);
        return;
      default: {
        const never: never = message;
        throw new GryptError("MESSAGE_INVALID", `unknown message ${JSON.stringify(never)}`);
      }
    }
  }

  async #onHello(conn: Connection, server: ServerSession): Promise<void> {
    if (conn.retired) return;
    conn.server = server;
    const group = info(server);
    this.#group = group;
    if (this.#pin !== undefined) {
      if (!matchesPin(this.#pin, server)) {
        return this.#terminal({
          state: "key-mismatch",
          expected: this.#pin,
          presented: server.fingerprintHex,
        });
      }
    } else {
      conn.phase = "trust";
      conn.clearHandshakeTimer();
      const trusted = await this.#askTrust(group);
      if (conn.retired) return; // stopped or restarted while the host asked: the answer is stale
      if (!trusted)
        return this.#terminal({
          state: "key-mismatch",
          expected: null,
          presented: server.fingerprintHex,
        });
      this.#pin = server.fingerprintHex;
      await this.#events.guard(() => this.#options.onPinned?.(group));
      if (conn.retired) return;
      conn.armHandshakeTimer(this.#options.handshakeTimeoutMs, (error) => this.#fail(conn, error));
    }
    const auth = await buildAuth(
      this.#options.identity,
      this.#options.name,
      this.#keys.ring.haveEpoch(),
      server,
    );
    if (conn.retired) return;
    conn.send(auth);
    conn.phase = "auth-sent";
    conn.startKeepalive(this.#options.keepaliveMs, (error) => this.#fail(conn, error));
  }

  async #askTrust(group: GroupInfo): Promise<boolean> {
    const ask = this.#options.trustOnFirstUse;
    if (!ask) return false;
    try {
      return (await ask(group)) === true;
    } catch {
      return false;
    }
  }

  async #onKeys(conn: Connection, message: Keys): Promise<void> {
    const server = conn.server!;
    const fresh = this.#keys.applyKeys(await openKeys(message, server, this.#options.identity));
    await this.#deliver(server, fresh);
    if (conn.retired) return;
    conn.phase = "member";
    this.#handshakeDone(conn);
    this.#events.setStatus({ state: "member", groupId: server.groupId, epoch: this.#keys.current });
  }

  async #onRekey(conn: Connection, message: Rekey): Promise<void> {
    if (!this.#keys.raises(message.epoch)) {
      this.#events.report({
        code: "EPOCH_ROLLBACK",
        message: `ignored a rekey to epoch ${message.epoch}: epoch ${this.#keys.current} is current`,
      });
      return;
    }
    const server = conn.server!;
    const key = await openRekey(message, server, this.#options.identity);
    if (!this.#keys.raises(key.epoch)) return;
    await this.#deliver(server, this.#keys.applyRekey(key));
    if (conn.retired) return;
    this.#events.setStatus({ state: "member", groupId: server.groupId, epoch: this.#keys.current });
  }

  async #deliver(server: ServerSession, fresh: EpochKeyBytes[]): Promise<void> {
    const copies = fresh.map((k) => ({ epoch: k.epoch, key: k.key.slice() }));
    await this.#events.guard(() =>
      this.#options.onKeys?.(info(server), copies, this.#keys.current),
    );
  }

  #onClose(conn: Connection, code: number, reason: string): void {
    if (conn.retired) return;
    conn.retire();
    if (this.#conn === conn) this.#conn = undefined;
    this.#retry(conn.closeError(this.#options.url, code, reason));
  }

  #fail(conn: Connection, error: unknown): void {
    if (conn.retired) return;
    const wire = toWireError(error);
    conn.retire(wire.code === "TIMEOUT" ? 1000 : CLIENT_PROTOCOL_ERROR, wire.code);
    if (this.#conn === conn) this.#conn = undefined;
    this.#events.report(wire);
    this.#retry(wire);
  }

  #handshakeDone(conn: Connection): void {
    conn.clearHandshakeTimer();
    this.#reconnect.reset();
  }

  #retry(error: WireError): void {
    if (!this.#running) return;
    const retryInMs = this.#reconnect.after(() => {
      if (this.#running) this.#open();
    });
    this.#events.setStatus({ state: "unreachable", error, retryInMs });
  }

  #terminal(status: MemberStatus): void {
    this.#running = false;
    this.#reconnect.cancel();
    this.#conn?.retire(1000, status.state);
    this.#conn = undefined;
    this.#events.setStatus(status);
  }
}
