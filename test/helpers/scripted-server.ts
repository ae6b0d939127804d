/**
 * A scripted group server for member-client tests. It speaks the real protocol with the real
 * shared crypto (server identity, signed statements, RSA-OAEP wraps, commitments), but its
 * behaviour is set by the test: who is a member, when to approve, and hooks to tamper with
 * or replace what it sends. Carried by in-memory sockets (`connect`) or any ServerPeer.
 */
import { fromBase64Url, randomBytes, toBase64Url } from "../../shared/bytes.ts";
import { GryptError } from "../../shared/errors.ts";
import { importPublicIdentity } from "../../shared/identity.ts";
import { commitSessionKey, wrapSessionKey } from "../../shared/key-delivery.ts";
import type { WebSocketLike } from "../../shared/member-client/websocket-like.ts";
import {
  type Auth,
  type ClientMessage,
  type Keys,
  PROTOCOL_VERSION,
  type ServerMessage,
} from "../../shared/protocol/messages.ts";
import { encodeMessage, parseClientFrame } from "../../shared/protocol/parse.ts";
import { generateServerIdentity, type ServerIdentity } from "../../shared/server-identity.ts";
import { signStatement, verifyStatement } from "../../shared/signed-statements.ts";
import { MemorySocket, type PeerHandlers, type ServerPeer } from "./memory-socket.ts";

export interface ScriptedMember {
  fingerprintHex: string;
  fingerprint: Uint8Array;
  encPublic: CryptoKey;
  name: string;
  haveEpoch: number;
  /** Its nonce from auth: keys on this connection are signed over it. */
  clientNonce: Uint8Array;
}

export interface ScriptedConnection {
  peer: ServerPeer;
  nonce: Uint8Array;
  state: "await-auth" | "pending" | "member" | "closed";
  member?: ScriptedMember;
  /** Every message the client sent on this connection. */
  received: ClientMessage[];
  /** Every message this server sent on it (after the `outgoing` hook). */
  sent: string[];
}

export type Decision = "member" | "pending" | "denied" | "removed";

export class ScriptedServer {
  readonly identity: ServerIdentity;
  groupName = "Test group";
  readonly epochKeys = new Map<number, Uint8Array>();
  currentEpoch = 0;
  readonly connections: ScriptedConnection[] = [];
  /** How an authenticated member is answered (default: member). */
  decide: (fingerprintHex: string) => Decision = () => "member";
  /** Replace or drop (undefined) what goes out; a string is sent as the raw frame. */
  outgoing:
    | ((message: ServerMessage, conn: ScriptedConnection) => ServerMessage | string | undefined)
    | undefined;
  /** Replace the hello (e.g. with another group id). */
  hello: ((conn: ScriptedConnection) => ServerMessage | string | undefined) | undefined;
  answerPings = true;
  /** While false, connections fail as if the host were down. */
  online = true;

  private constructor(identity: ServerIdentity) {
    this.identity = identity;
  }

  static async create(epochs = 1): Promise<ScriptedServer> {
    const server = new ScriptedServer((await generateServerIdentity()).identity);
    for (let i = 0; i < epochs; i++) server.#newEpoch();
    return server;
  }

  get groupId(): string {
    return this.identity.groupId;
  }

  /** A ConnectSocket over in-memory sockets to this server. */
  readonly connect = (_url: string): WebSocketLike =>
    new MemorySocket(this.online ? (peer) => this.accept(peer) : undefined);

  /** Start a connection: sends hello, returns the handlers for what the client sends. */
  accept(peer: ServerPeer): PeerHandlers {
    const conn: ScriptedConnection = {
      peer,
      nonce: randomBytes(32),
      state: "await-auth",
      received: [],
      sent: [],
    };
    this.connections.push(conn);
    const hello: ServerMessage = {
      type: "hello",
      version: PROTOCOL_VERSION,
      groupId: this.groupId,
      groupName: this.groupName,
      serverKey: toBase64Url(this.identity.spki),
      nonce: toBase64Url(conn.nonce),
    };
    const replaced = this.hello ? this.hello(conn) : hello;
    if (replaced !== undefined) this.#sendRaw(conn, replaced);
    return {
      onMessage: (data) => void this.#receive(conn, data),
      onClose: () => {
        conn.state = "closed";
      },
    };
  }

  /** Messages of one type the clients sent, over every connection. */
  receivedOf<T extends ClientMessage["type"]>(type: T): Extract<ClientMessage, { type: T }>[] {
    return this.connections
      .flatMap((c) => c.received)
      .filter((m): m is Extract<ClientMessage, { type: T }> => m.type === type);
  }

  /** Send through the `outgoing` hook (raw strings bypass it). */
  send(conn: ScriptedConnection, message: ServerMessage | string): void {
    const out =
      typeof message === "string" || !this.outgoing ? message : this.outgoing(message, conn);
    if (out !== undefined) this.#sendRaw(conn, out);
  }

  close(conn: ScriptedConnection, code = 1001, reason = ""): void {
    conn.state = "closed";
    conn.peer.close(code, reason);
  }

  /** Drop every open connection (a restart, a network failure). */
  dropAll(code = 1006): void {
    for (const conn of this.connections) if (conn.state !== "closed") this.close(conn, code);
  }

  /** The keys message for a member on a connection (signed over that connection's nonces and the group name). */
  async keysFor(conn: ScriptedConnection, member: ScriptedMember): Promise<Keys> {
    const entries = [];
    for (const [epoch, key] of [...this.epochKeys].sort((a, b) => a[0] - b[0])) {
      if (epoch <= member.haveEpoch) continue;
      const commitment = await commitSessionKey(this.groupId, epoch, key);
      entries.push({
        epoch,
        wrapped: toBase64Url(await wrapSessionKey(member.encPublic, key)),
        commitment,
      });
    }
    const signature = await signStatement(this.identity.signPrivate, {
      purpose: "keys",
      nonce: conn.nonce,
      clientNonce: member.clientNonce,
      groupId: this.groupId,
      groupName: this.groupName,
      memberFingerprint: member.fingerprint,
      epoch: this.currentEpoch,
      keys: entries.map((e) => ({ epoch: e.epoch, commitment: e.commitment })),
    });
    return {
      type: "keys",
      groupId: this.groupId,
      epoch: this.currentEpoch,
      keys: entries.map((e) => ({
        epoch: e.epoch,
        wrapped: e.wrapped,
        commitment: toBase64Url(e.commitment),
      })),
      signature: toBase64Url(signature),
    };
  }

  /** Approve a pending member: keys go out at once on its open connections. */
  async approve(fingerprintHex: string): Promise<void> {
    this.decide = wrapDecision(this.decide, fingerprintHex, "member");
    for (const conn of this.connections) {
      if (conn.state !== "pending" || conn.member?.fingerprintHex !== fingerprintHex) continue;
      conn.state = "member";
      this.send(conn, await this.keysFor(conn, conn.member));
    }
  }

  /** A new epoch, pushed to every connected member with one signature. */
  async rotate(): Promise<number> {
    const previousEpoch = this.currentEpoch;
    const epoch = this.#newEpoch();
    const key = this.epochKeys.get(epoch)!;
    const commitment = await commitSessionKey(this.groupId, epoch, key);
    const signature = toBase64Url(
      await signStatement(this.identity.signPrivate, {
        purpose: "rekey",
        groupId: this.groupId,
        epoch,
        previousEpoch,
        commitment,
      }),
    );
    for (const conn of this.connections) {
      if (conn.state !== "member" || !conn.member) continue;
      const wrapped = toBase64Url(await wrapSessionKey(conn.member.encPublic, key));
      this.send(conn, {
        type: "rekey",
        groupId: this.groupId,
        epoch,
        previousEpoch,
        wrapped,
        commitment: toBase64Url(commitment),
        signature,
      });
    }
    return epoch;
  }

  /** Kick: `removed` and close 4004 on the member's connections, then rotate; it is refused from then on. */
  async kick(fingerprintHex: string): Promise<void> {
    this.decide = wrapDecision(this.decide, fingerprintHex, "removed");
    for (const conn of this.connections) {
      if (conn.state === "closed" || conn.member?.fingerprintHex !== fingerprintHex) continue;
      this.send(conn, { type: "removed" });
      this.close(conn, 4004, "removed");
    }
    await this.rotate();
  }

  #newEpoch(): number {
    this.currentEpoch++;
    this.epochKeys.set(this.currentEpoch, randomBytes(32));
    return this.currentEpoch;
  }

  #sendRaw(conn: ScriptedConnection, message: ServerMessage | string): void {
    const text = typeof message === "string" ? message : encodeMessage(message);
    conn.sent.push(text);
    conn.peer.send(text);
  }

  async #receive(conn: ScriptedConnection, data: string): Promise<void> {
    let message: ClientMessage;
    try {
      message = parseClientFrame(data);
    } catch (error) {
      const code = error instanceof GryptError ? error.code : "MESSAGE_INVALID";
      this.#sendRaw(conn, { type: "error", code, message: "bad frame" });
      return;
    }
    conn.received.push(message);
    if (message.type === "ping") {
      if (this.answerPings) this.send(conn, { type: "pong" });
      return;
    }
    if (conn.state !== "await-auth") {
      this.#sendRaw(conn, { type: "error", code: "MESSAGE_UNEXPECTED", message: "auth twice" });
      return;
    }
    await this.#auth(conn, message);
  }

  async #auth(conn: ScriptedConnection, auth: Auth): Promise<void> {
    let member: ScriptedMember;
    try {
      const keys = await importPublicIdentity(
        fromBase64Url(auth.signKey),
        fromBase64Url(auth.encKey),
      );
      const statement = {
        purpose: "auth" as const,
        nonce: conn.nonce,
        clientNonce: fromBase64Url(auth.clientNonce),
        groupId: this.groupId,
        serverFingerprint: this.identity.fingerprint,
        memberFingerprint: keys.public.fingerprint,
      };
      await verifyStatement(keys.signPublic, statement, fromBase64Url(auth.signature));
      const { fingerprint, fingerprintHex } = keys.public;
      const clientNonce = fromBase64Url(auth.clientNonce);
      member = {
        fingerprint,
        fingerprintHex,
        encPublic: keys.encPublic,
        name: auth.name,
        haveEpoch: auth.haveEpoch,
        clientNonce,
      };
    } catch {
      this.#sendRaw(conn, { type: "error", code: "AUTH_FAILED", message: "authentication failed" });
      this.close(conn, 4001, "auth failed");
      return;
    }
    conn.member = member;
    const decision = this.decide(member.fingerprintHex);
    if (decision === "denied") {
      this.send(conn, { type: "denied" });
      this.close(conn, 4003, "denied");
    } else if (decision === "removed") {
      this.send(conn, { type: "removed" });
      this.close(conn, 4004, "removed");
    } else if (decision === "pending") {
      conn.state = "pending";
      this.send(conn, { type: "pending", fingerprint: member.fingerprintHex });
    } else {
      conn.state = "member";
      this.send(conn, await this.keysFor(conn, member));
    }
  }
}

function wrapDecision(
  previous: (fp: string) => Decision,
  fingerprintHex: string,
  decision: Decision,
): (fp: string) => Decision {
  return (fp) => (fp === fingerprintHex ? decision : previous(fp));
}
