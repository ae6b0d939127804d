/**
 * The agent's live connections: one shared member client per group that is not final (member
 * or pending), with the reconnect, pinning and rekey handling of shared/member-client/. What a
 * connection learns (new epochs, approval, removal) is applied to the member state at once, by
 * the same rules as a command's visit (applySync), and saved (onChange).
 */
import { MemberClient } from "../../shared/member-client/member-client.ts";
import {
  describeStatus,
  isTerminal,
  type MemberStatus,
} from "../../shared/member-client/member-status.ts";
import { applySync, connectWs } from "../group-sync.ts";
import type { MemberFile } from "../member-file.ts";
import { storedKeys } from "../member-state.ts";
import { isFinal } from "../refresh.ts";

export class GroupLinks {
  readonly #file: MemberFile;
  readonly #onChange: () => void;
  readonly #log: (line: string) => void;
  readonly #clients = new Map<string, MemberClient>();
  /** Why a group's keys may be behind the server's: the last failure, until the next success. */
  readonly #notes = new Map<string, string>();

  constructor(file: MemberFile, onChange: () => void, log: (line: string) => void) {
    this.#file = file;
    this.#onChange = onChange;
    this.#log = log;
  }

  /** Connect every group of the member state that is not final and not connected yet. */
  connectAll(): number {
    for (const group of this.#file.state.groups) {
      const client = this.#clients.get(group.groupId);
      if (client && !isTerminal(client.status) && !isFinal(group)) continue;
      client?.stop();
      this.#clients.delete(group.groupId);
      if (!isFinal(group)) this.#connect(group.groupId);
    }
    return this.#clients.size;
  }

  note(groupId: string): string | undefined {
    return this.#notes.get(groupId);
  }

  stopAll(): void {
    for (const client of this.#clients.values()) client.stop();
    this.#clients.clear();
    this.#notes.clear();
  }

  #connect(groupId: string): void {
    const group = this.#file.state.groups.find((g) => g.groupId === groupId)!;
    const client: MemberClient = new MemberClient({
      url: group.url,
      identity: this.#file.identity,
      name: this.#file.state.name,
      pin: group.pin,
      knownKeys: storedKeys(group),
      connect: connectWs,
      backoff: { initialMs: 1000, maxMs: 60_000 },
      onStatus: (status) => this.#onStatus(groupId, client, status),
    });
    this.#clients.set(groupId, client);
    client.start();
  }

  #onStatus(groupId: string, client: MemberClient, status: MemberStatus): void {
    if (status.state === "connecting" || status.state === "stopped") return;
    if (this.#clients.get(groupId) !== client) return;
    this.#log(`group ${groupId}: ${describeStatus(status)}`);
    if (status.state === "unreachable") {
      this.#notes.set(groupId, status.error.message);
      return;
    }
    this.#notes.delete(groupId);
    // Looked up each time: a save or reload replaces the state's records.
    const group = this.#file.state.groups.find((g) => g.groupId === groupId);
    if (!group) return;
    const keys = client.epochs().map((epoch) => ({ epoch, key: client.key(epoch)! }));
    const result = { status, group: client.group, keys, currentEpoch: client.currentEpoch };
    const changed = applySync(group, result);
    for (const k of keys) k.key.fill(0); // copies: the state holds them now
    if (changed) this.#onChange();
  }
}
