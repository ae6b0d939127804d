/**
 * The agent's state and its answer to each request: locked (no keys in memory) or unlocked
 * (an UnlockedMember). Locking, by request, by the idle clock or at the end, drops every key.
 */
import { GryptError } from "../../shared/errors.ts";
import type { AgentRequest, AgentResponse } from "./agent-messages.ts";
import { IdleLock } from "./idle-lock.ts";
import { UnlockedMember } from "./unlocked-member.ts";

export interface AgentOptions {
  memberFile: string;
  /** Lock after this long without requests; never when absent. */
  lockAfterMs: number | undefined;
  log: (line: string) => void;
  /** Called once a stop request has been answered. */
  onStop: () => void;
}

function locked(): GryptError {
  return new GryptError("LOCKED", "the grypt agent is locked: run `grypt unlock`");
}

export class AgentCore {
  readonly #options: AgentOptions;
  readonly #idle: IdleLock;
  #member: UnlockedMember | undefined;
  /** An unlock under way (PBKDF2 takes a moment); a second one waits for it. */
  #unlocking: Promise<void> | undefined;

  constructor(options: AgentOptions) {
    this.#options = options;
    this.#idle = new IdleLock(options.lockAfterMs, () => {
      if (this.#member) options.log("idle: locking");
      void this.lock();
    });
  }

  get isLocked(): boolean {
    return this.#member === undefined;
  }

  async unlock(password: string): Promise<void> {
    while (this.#unlocking) await this.#unlocking;
    if (this.#member) return;
    const opening = UnlockedMember.open(this.#options.memberFile, password, this.#options.log);
    this.#unlocking = opening.then(
      () => undefined,
      () => undefined,
    );
    try {
      this.#member = await opening;
      this.#idle.touch();
    } finally {
      this.#unlocking = undefined;
    }
  }

  /** Forget every key and close the group connections. */
  async lock(): Promise<void> {
    const member = this.#member;
    this.#member = undefined;
    this.#idle.cancel();
    if (member) {
      await member.close();
      this.#options.log("locked: keys dropped");
    }
  }

  async handle(request: AgentRequest): Promise<AgentResponse> {
    if (request.type !== "lock" && request.type !== "stop") this.#idle.touch();
    switch (request.type) {
      case "hello":
        return { type: "hello", memberFile: this.#options.memberFile, locked: this.isLocked };
      case "encrypt":
        return {
          type: "encrypted",
          token: await this.#unlocked().encrypt(request.plaintext, request.group),
        };
      case "decrypt":
        return { type: "decrypted", results: await this.#unlocked().decrypt(request.tokens) };
      case "status":
        return { type: "status", view: this.#unlocked().status() };
      case "reload":
        return { type: "reloaded", groups: await this.#unlocked().reload() };
      case "lock":
        await this.lock();
        return { type: "locked" };
      case "unlock":
        await this.unlock(request.password);
        return { type: "unlocked" };
      case "stop":
        setImmediate(this.#options.onStop);
        return { type: "stopping" };
      default: {
        const never: never = request;
        throw never;
      }
    }
  }

  #unlocked(): UnlockedMember {
    if (!this.#member) throw locked();
    return this.#member;
  }
}
