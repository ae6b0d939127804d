/**
 * The group at run time: the committed state, the store, and the member connections. Every
 * change runs through one queue: compute the new state, save it durably, commit it, and only
 * then announce it (keys, pending, denied, removed, rekey).
 */
import { CLOSE_CODES } from "../../shared/protocol/close-codes.ts";
import type { ServerIdentity } from "../../shared/server-identity.ts";
import type { WrapPool } from "../crypto/wrap-pool.ts";
import { type Logger, shortFp } from "../log.ts";
import { AuthKeyCache } from "../net/auth-key-cache.ts";
import { NetworkLimiter } from "../net/network-limits.ts";
import { blockOf } from "../state/blocked-keys.ts";
import { currentEpoch, type GroupState, type MemberRecord } from "../state/group-schema.ts";
import { newSessionKey } from "../state/new-group.ts";
import type { GroupStore } from "../store/group-store.ts";
import { EpochCache } from "./epoch-cache.ts";
import { type FanOutResult, rekeyHead } from "./fanout.ts";
import { isRepeatRequest, recordRequest, refuseBlocked } from "./join-requests.ts";
import { buildKeysMessage } from "./key-messages.ts";
import { LinkRegistry, MAX_LINKS_PER_MEMBER, type MemberLink } from "./links.ts";
import { nextTargets, type RotationContext, rotate } from "./rotation.ts";
import { StandbyKey } from "./standby-key.ts";

/** How soon after a rotation, or a member connecting, the next key is prepared (standby-key.ts). */
const STANDBY_DELAY_MS = 1000;

export class GroupService {
  readonly identity: ServerIdentity;
  readonly members = new LinkRegistry();
  readonly waiting = new LinkRegistry();
  /** Members' keys as imported at their last connection (reconnects skip the imports). */
  readonly authKeys = new AuthKeyCache();
  readonly startedAt = Date.now();
  readonly #store: GroupStore;
  readonly #log: Logger;
  readonly #epochs: EpochCache;
  readonly #newRequests = new NetworkLimiter(10, 10);
  #state: GroupState;
  #index = new Map<string, MemberRecord>();
  #queue: Promise<unknown> = Promise.resolve();

  /** What a rotation uses (rotation.ts), the wrap pool's workers among it. */
  readonly #rotation: RotationContext;
  /** The next epoch's key, wrapped ahead for the connected members (only with the pool). */
  readonly standby: StandbyKey | undefined;

  constructor(
    store: GroupStore,
    state: GroupState,
    identity: ServerIdentity,
    log: Logger,
    wraps?: WrapPool,
  ) {
    this.#store = store;
    this.#log = log;
    this.identity = identity;
    this.#epochs = new EpochCache(identity.groupId);
    this.#state = state;
    this.#reindex();
    const next = () => nextTargets(this.#state, this.members, (fp) => this.#index.get(fp));
    // A standby key for epoch E is announced by the rotation from E - 1.
    const sign = async (epoch: number, key: string) =>
      rekeyHead(identity, await this.#epochs.get({ epoch, key }), epoch - 1);
    this.standby =
      wraps &&
      new StandbyKey({
        pool: wraps,
        newKey: newSessionKey,
        sign,
        next,
        log,
        delayMs: STANDBY_DELAY_MS,
      });
    this.#rotation = {
      identity,
      members: this.members,
      pool: wraps,
      standby: this.standby,
      epochs: this.#epochs,
      log,
      state: () => this.#state,
      commit: (next) => this.commit(next),
    };
  }

  get state(): GroupState {
    return this.#state;
  }

  member(fingerprintHex: string): MemberRecord | undefined {
    return this.#index.get(fingerprintHex);
  }

  /** Run a state change after every earlier one; the queue survives failures. */
  mutate<T>(change: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(change);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** A complete copy of the group file at `path` (between changes, never during one). */
  backup(path: string): Promise<{ bytes: number; state: GroupState }> {
    return this.mutate(async () => {
      const state = this.#state;
      return { bytes: await this.#store.backup(path, state), state };
    });
  }

  /** Save, then commit: nothing is announced about a state that is not on disk. */
  async commit(state: GroupState): Promise<void> {
    await this.#store.save(state);
    this.#state = state;
    this.#reindex();
  }

  #reindex(): void {
    this.#index = new Map(this.#state.members.map((m) => [m.fingerprint, m]));
  }

  /** A verified connection: keys for a member, `denied` or `removed` for a blocked key, or a recorded request. */
  async admit(link: MemberLink): Promise<void> {
    const fp = link.auth.fingerprintHex;
    if (this.#index.has(fp)) {
      await this.deliverKeys(link);
      return;
    }
    const block = blockOf(this.#state, fp);
    if (block) return refuseBlocked(link, block, this.#log);
    if (!isRepeatRequest(this, link) && !this.#newRequests.take(link.address)) {
      this.#log.warn("join request rate-limited", { fp: shortFp(fp), addr: link.address });
      link.send({
        type: "error",
        code: "RATE_LIMITED",
        message: "too many join requests from your address; try later",
      });
      return link.close(CLOSE_CODES.RATE_LIMITED, "rate limited");
    }
    await this.mutate(() => recordRequest(this, this.#log, link));
  }

  /** Send `keys`; rebuilt if the epoch moved while it was built, so no rotation is missed. */
  async deliverKeys(link: MemberLink): Promise<boolean> {
    for (;;) {
      const state = this.#state;
      const member = this.#index.get(link.auth.fingerprintHex);
      if (!member) {
        await this.admit(link);
        return false;
      }
      const message = await buildKeysMessage(this.identity, this.#epochs, state, member, link);
      if (!link.isOpen()) return false;
      if (currentEpoch(this.#state) !== currentEpoch(state) || !this.#index.has(member.fingerprint))
        continue;
      this.members.addReplacing(link, MAX_LINKS_PER_MEMBER);
      link.auth.spki = undefined;
      link.send(message);
      this.standby?.schedule();
      this.#log.info("member connected", {
        fp: shortFp(member.fingerprint),
        epoch: message.epoch,
        sent: message.keys.length,
      });
      return true;
    }
  }

  detach(link: MemberLink): void {
    this.members.delete(link);
    this.waiting.delete(link);
  }

  /** A new epoch, saved, then pushed to every connected member (rotation.ts). */
  rotateNow(
    reason: string,
    change: (state: GroupState, now: number) => GroupState = (s) => s,
    announce: () => void = () => undefined,
  ): Promise<{ epoch: number; result: FanOutResult }> {
    return rotate(this.#rotation, reason, change, announce);
  }
}
