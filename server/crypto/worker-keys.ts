/**
 * Member keys as the wrap pool's workers hold them. A key crosses to a worker once, as a
 * KeyObject sharing the main thread's imported key (and the modular arithmetic OpenSSL caches in
 * it), then by number: a worker neither imports a key nor keeps a copy of one, and a rotation
 * does not pay to send keys again. Each worker's table is bounded: past MAX_WORKER_KEYS entries
 * it starts afresh (the message says so) and the keys it needs are sent again.
 */
import { KeyObject } from "node:crypto";

export const MAX_WORKER_KEYS = 20_000;

/** A key the worker does not hold yet, with the number it is known by from then on. */
export interface FreshKey {
  id: number;
  key: KeyObject;
}

/** What a wrap message says about its keys. */
export interface KeyRefs {
  /** Forget every key held before this message. */
  reset: boolean;
  /** One number per member, in order. */
  ids: number[];
  fresh: FreshKey[];
}

/** Numbers for keys, stable while the CryptoKey lives. */
export class KeyNumbers {
  readonly #ids = new WeakMap<CryptoKey, number>();
  #next = 1;

  of(key: CryptoKey): number {
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.#next++;
      this.#ids.set(key, id);
    }
    return id;
  }
}

/** The keys one worker holds, as the main thread has sent them. */
export class WorkerKeys {
  readonly #numbers: KeyNumbers;
  readonly #held = new Set<number>();
  readonly #limit: number;

  constructor(numbers: KeyNumbers, limit = MAX_WORKER_KEYS) {
    this.#numbers = numbers;
    this.#limit = limit;
  }

  /** The references for `keys`, recording what the worker will hold once it reads them. */
  refs(keys: readonly CryptoKey[]): KeyRefs {
    const ids = keys.map((key) => this.#numbers.of(key));
    const missing = ids.filter((id) => !this.#held.has(id)).length;
    const reset = missing > 0 && this.#held.size + missing > this.#limit;
    if (reset) this.#held.clear();
    const fresh: FreshKey[] = [];
    ids.forEach((id, i) => {
      if (this.#held.has(id)) return;
      this.#held.add(id);
      fresh.push({ id, key: KeyObject.from(keys[i]!) });
    });
    return { reset, ids, fresh };
  }
}
