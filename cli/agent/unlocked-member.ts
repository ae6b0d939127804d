/**
 * What the agent holds while unlocked: the opened member file (identity, vault key, state), the
 * imported session keys, and the live group connections. In memory only; close() stops the
 * connections, waits for the last save, and drops the keys (the vault key's bytes wiped).
 */
import { toWireError } from "../../shared/errors.ts";
import { parsePostToken } from "../../shared/post-token.ts";
import { encryptForGroup, FernetKeyCache } from "../encrypt-key.ts";
import {
  type MemberFile,
  openMemberFile,
  reloadMemberFile,
  saveMemberFile,
} from "../member-file.ts";
import { findGroup } from "../member-state.ts";
import { statusView } from "../status-view.ts";
import { readToken } from "../token-reader.ts";
import type { StatusView, TokenResult } from "./agent-messages.ts";
import { GroupLinks } from "./group-links.ts";

export class UnlockedMember {
  readonly #file: MemberFile;
  readonly #keys = new FernetKeyCache();
  readonly #links: GroupLinks;
  readonly #log: (line: string) => void;
  /** Saves and reloads, one at a time, in order. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(file: MemberFile, log: (line: string) => void) {
    this.#file = file;
    this.#log = log;
    this.#links = new GroupLinks(file, () => this.#save(), log);
  }

  /** Open the member file with the password (PBKDF2 once) and connect its groups. */
  static async open(path: string, password: string, log: (line: string) => void) {
    const member = new UnlockedMember(await openMemberFile(path, password), log);
    const groups = member.#links.connectAll();
    log(`unlocked ${path}: connecting ${groups} group(s)`);
    return member;
  }

  encrypt(plaintext: string, group: string | undefined): Promise<string> {
    return encryptForGroup(findGroup(this.#file.state, group), plaintext, this.#keys);
  }

  decrypt(tokens: string[]): Promise<TokenResult[]> {
    return Promise.all(
      tokens.map((text): Promise<TokenResult> | TokenResult => {
        try {
          return readToken(this.#file.state, parsePostToken(text), this.#keys);
        } catch {
          return { type: "unreadable", problem: "not a grypt post token" };
        }
      }),
    );
  }

  status(): StatusView {
    return statusView(this.#file, (group) => this.#links.note(group.groupId));
  }

  /** Take in groups another grypt run saved (a join) and connect them; the number connected. */
  reload(): Promise<number> {
    return this.#serially(async () => {
      await reloadMemberFile(this.#file);
      return this.#links.connectAll();
    });
  }

  async close(): Promise<void> {
    this.#links.stopAll();
    await this.#queue;
    this.#keys.clear();
    this.#file.key.key.fill(0);
  }

  #save(): void {
    this.#serially(() => saveMemberFile(this.#file)).catch((error: unknown) => {
      this.#log(`cannot save ${this.#file.path}: ${toWireError(error).message}`);
    });
  }

  #serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
