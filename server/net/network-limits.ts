/**
 * Per-address limits that also count by network (address-keys.ts): whoever holds many addresses
 * of one /24 (IPv4) or /64 (IPv6) gets NETWORK_FACTOR times one address's allowance in all, not
 * one allowance per address. Rates: NetworkLimiter (token buckets); things held at once:
 * NetworkCounter.
 */
import { addressKeys } from "./address-keys.ts";
import { KeyedBuckets, KeyedCounter } from "./rate-limit.ts";

/** How many addresses' worth one network may use. */
export const NETWORK_FACTOR = 4;

/** Allow `burst` at once per address and `perMinute` on average; a network, NETWORK_FACTOR times that. */
export class NetworkLimiter {
  readonly #addresses: KeyedBuckets;
  readonly #networks: KeyedBuckets;

  constructor(burst: number, perMinute: number) {
    this.#addresses = new KeyedBuckets(burst, perMinute / 60);
    this.#networks = new KeyedBuckets(burst * NETWORK_FACTOR, (perMinute * NETWORK_FACTOR) / 60);
  }

  /** Take one from the address's and its network's allowance; false (nothing taken) when either is spent. */
  take(address: string, now = Date.now()): boolean {
    const keys = addressKeys(address);
    const own = this.#addresses.bucket(keys.address, now);
    const network = this.#networks.bucket(keys.network, now);
    if (!own.has(now) || !network.has(now)) return false;
    own.take(now);
    network.take(now);
    return true;
  }

  /** True when the address and its network both have a token left (nothing taken). */
  has(address: string, now = Date.now()): boolean {
    const keys = addressKeys(address);
    return (
      this.#addresses.bucket(keys.address, now).has(now) &&
      this.#networks.bucket(keys.network, now).has(now)
    );
  }

  /**
   * Count one against the address and its network after the fact, into debt if need be: what
   * was done while tokens were left (several at once) is all paid for before more is allowed.
   */
  charge(address: string, now = Date.now()): void {
    const keys = addressKeys(address);
    this.#addresses.bucket(keys.address, now).charge(now);
    this.#networks.bucket(keys.network, now).charge(now);
  }
}

/** At most `perAddress` at once per address, NETWORK_FACTOR times that per network. */
export class NetworkCounter {
  readonly #addresses: KeyedCounter;
  readonly #networks: KeyedCounter;

  constructor(readonly perAddress: number) {
    this.#addresses = new KeyedCounter(perAddress);
    this.#networks = new KeyedCounter(perAddress * NETWORK_FACTOR);
  }

  /** Count one more; false (and nothing counted) when the address or its network is at its cap. */
  enter(address: string): boolean {
    const keys = addressKeys(address);
    if (!this.#addresses.hasRoom(keys.address) || !this.#networks.hasRoom(keys.network))
      return false;
    this.#addresses.enter(keys.address);
    this.#networks.enter(keys.network);
    return true;
  }

  /** Count one less (once for each enter() that returned true). */
  leave(address: string): void {
    const keys = addressKeys(address);
    this.#addresses.leave(keys.address);
    this.#networks.leave(keys.network);
  }
}
