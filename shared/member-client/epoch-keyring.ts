/** The member's session keys by epoch, and the epoch numbers the handshake needs. */
import { assertBytes, constantTimeEqual } from "../bytes.ts";
import { check } from "../errors.ts";

export interface EpochKeyBytes {
  epoch: number;
  key: Uint8Array;
}

export const SESSION_KEY_LENGTH = 32;

function checkEpoch(epoch: number): void {
  check(
    Number.isSafeInteger(epoch) && epoch >= 1 && epoch <= 2 ** 31 - 1,
    "epoch must be an integer in 1..2^31-1",
  );
}

export class EpochKeyring {
  readonly #keys = new Map<number, Uint8Array>();

  constructor(initial: Iterable<EpochKeyBytes> = []) {
    for (const { epoch, key } of initial) this.add(epoch, key);
  }

  /** Store a key; returns true when it is new or differs from the one held. */
  add(epoch: number, key: Uint8Array): boolean {
    checkEpoch(epoch);
    assertBytes(key, "session key", SESSION_KEY_LENGTH);
    const held = this.#keys.get(epoch);
    if (held && constantTimeEqual(held, key)) return false;
    this.#keys.set(epoch, key.slice());
    return true;
  }

  get(epoch: number): Uint8Array | undefined {
    const key = this.#keys.get(epoch);
    return key ? key.slice() : undefined;
  }

  has(epoch: number): boolean {
    return this.#keys.has(epoch);
  }

  /** Held epochs, ascending. */
  epochs(): number[] {
    return [...this.#keys.keys()].sort((a, b) => a - b);
  }

  /** Highest held epoch, 0 when none. */
  highest(): number {
    let max = 0;
    for (const epoch of this.#keys.keys()) if (epoch > max) max = epoch;
    return max;
  }

  /**
   * What `auth.haveEpoch` says: the highest epoch held with no gap below it down to the first
   * held epoch (so the server re-sends anything missing); 0 when none is held.
   */
  haveEpoch(): number {
    const epochs = this.epochs();
    if (epochs.length === 0) return 0;
    let have = epochs[0]!;
    for (const epoch of epochs.slice(1)) {
      if (epoch !== have + 1) break;
      have = epoch;
    }
    return have;
  }
}
