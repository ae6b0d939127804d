/**
 * Token buckets (per connection: messages) and, by any key, buckets and capped counters: the
 * pieces of the per-address and per-network limits (network-limits.ts).
 */

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

  #refill(now: number): void {
    this.#tokens = Math.min(
      this.burst,
      this.#tokens + (Math.max(0, now - this.#last) / 1000) * this.perSecond,
    );
    this.#last = Math.max(this.#last, now);
  }

  /** True when a token is there to take (nothing taken). */
  has(now = Date.now()): boolean {
    this.#refill(now);
    return this.#tokens >= 1;
  }

  take(now = Date.now()): boolean {
    if (!this.has(now)) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Take a token for something already done, into debt if none is left: refilling pays it back first. */
  charge(now = Date.now()): void {
    this.#refill(now);
    this.#tokens -= 1;
  }

  /** True when the bucket is full again (its entry may be forgotten). */
  idle(now = Date.now()): boolean {
    return this.#tokens + ((now - this.#last) / 1000) * this.perSecond >= this.burst;
  }
}

/** One bucket per key; idle buckets are forgotten so the map stays small. */
export class KeyedBuckets {
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(
    readonly burst: number,
    readonly perSecond: number,
  ) {}

  /** The key's bucket, made (full) on first use. */
  bucket(key: string, now = Date.now()): TokenBucket {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size > 10_000) this.sweep(now);
      bucket = new TokenBucket(this.burst, this.perSecond, now);
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  take(key: string, now = Date.now()): boolean {
    return this.bucket(key, now).take(now);
  }

  sweep(now = Date.now()): void {
    for (const [key, bucket] of this.#buckets) if (bucket.idle(now)) this.#buckets.delete(key);
  }
}

/** How many of something each key holds at once, capped. */
export class KeyedCounter {
  readonly #counts = new Map<string, number>();

  constructor(readonly limit: number) {}

  /** True when one more is allowed (nothing counted). */
  hasRoom(key: string): boolean {
    return (this.#counts.get(key) ?? 0) < this.limit;
  }

  /** Count one more; false (and nothing counted) when the key is at its limit. */
  enter(key: string): boolean {
    if (!this.hasRoom(key)) return false;
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
    return true;
  }

  leave(key: string): void {
    const count = (this.#counts.get(key) ?? 1) - 1;
    if (count <= 0) this.#counts.delete(key);
    else this.#counts.set(key, count);
  }

  /** Keys counted now (entries at zero are forgotten). */
  get size(): number {
    return this.#counts.size;
  }
}
