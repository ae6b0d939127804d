/** Token buckets: per connection (messages) and per address (new join requests). */

export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    readonly burst: number,
    readonly perSecond: number,
    now = Date.now(),
  ) {
    this.#tokens = burst;
    this.#last = now;
  }

  take(now = Date.now()): boolean {
    this.#tokens = Math.min(
      this.burst,
      this.#tokens + ((now - this.#last) / 1000) * this.perSecond,
    );
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** True when the bucket is full again (its entry may be forgotten). */
  idle(now = Date.now()): boolean {
    return this.#tokens + ((now - this.#last) / 1000) * this.perSecond >= this.burst;
  }
}

/** One bucket per address; idle buckets are forgotten so the map stays small. */
export class AddressLimiter {
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(
    readonly burst: number,
    readonly perSecond: number,
  ) {}

  take(address: string, now = Date.now()): boolean {
    let bucket = this.#buckets.get(address);
    if (!bucket) {
      if (this.#buckets.size > 10_000) this.sweep(now);
      bucket = new TokenBucket(this.burst, this.perSecond, now);
      this.#buckets.set(address, bucket);
    }
    return bucket.take(now);
  }

  sweep(now = Date.now()): void {
    for (const [address, bucket] of this.#buckets)
      if (bucket.idle(now)) this.#buckets.delete(address);
  }
}

/** Connections per address that have not authenticated yet, capped. */
export class PreAuthCounter {
  readonly #counts = new Map<string, number>();

  constructor(readonly limit: number) {}

  /** Count one more; false (and nothing counted) when the address is at its limit. */
  enter(address: string): boolean {
    const count = this.#counts.get(address) ?? 0;
    if (count >= this.limit) return false;
    this.#counts.set(address, count + 1);
    return true;
  }

  leave(address: string): void {
    const count = (this.#counts.get(address) ?? 1) - 1;
    if (count <= 0) this.#counts.delete(address);
    else this.#counts.set(address, count);
  }
}
