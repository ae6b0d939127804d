/** The member's keys and current epoch, changed only by verified deliveries, never lowered. */
import { GryptError } from "../errors.ts";
import { type EpochKeyBytes, EpochKeyring } from "./epoch-keyring.ts";
import type { VerifiedKeys } from "./handshake.ts";

export class GroupKeys {
  readonly ring: EpochKeyring;
  #current: number;

  constructor(known: Iterable<EpochKeyBytes> = []) {
    this.ring = new EpochKeyring(known);
    this.#current = this.ring.highest();
  }

  /** Highest epoch known to be current (0 before any key). */
  get current(): number {
    return this.#current;
  }

  /** Apply a verified keys message; returns the keys that were new. Nothing changes if it throws. */
  applyKeys(verified: VerifiedKeys): EpochKeyBytes[] {
    if (verified.epoch < this.#current) {
      throw new GryptError(
        "EPOCH_ROLLBACK",
        `server says the current epoch is ${verified.epoch}, but epoch ${this.#current} is already known`,
      );
    }
    if (!this.ring.has(verified.epoch) && !verified.keys.some((k) => k.epoch === verified.epoch)) {
      throw new GryptError(
        "MESSAGE_INVALID",
        `keys message lacks the key of the current epoch ${verified.epoch}`,
      );
    }
    const fresh = verified.keys.filter((k) => this.ring.add(k.epoch, k.key));
    this.#current = verified.epoch;
    return fresh;
  }

  /** A rekey is worth verifying only if it raises the epoch. */
  raises(epoch: number): boolean {
    return epoch > this.#current;
  }

  /** Apply a verified rekey; returns the keys that were new (none when it does not raise the epoch). */
  applyRekey(key: EpochKeyBytes): EpochKeyBytes[] {
    if (!this.raises(key.epoch)) return [];
    const fresh = this.ring.add(key.epoch, key.key) ? [key] : [];
    this.#current = key.epoch;
    return fresh;
  }
}
