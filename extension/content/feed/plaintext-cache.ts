/**
 * Plaintexts of tokens already decrypted on this page, so a post the page re-creates (virtualised
 * feeds do, on every scroll) is shown at once without asking the background. Bounded: the oldest
 * entry goes first. Cleared on lock and when the page's life ends.
 */
import type { Readable } from "./decrypt-service.ts";

/** In-page reading keeps the words; private reading only that the token decrypts. */
export type Known = Readable & { plaintext?: string; groupName?: string };

export const PLAINTEXT_CACHE_LIMIT = 5000;

export class PlaintextCache {
  private readonly entries = new Map<string, Known>();

  get(token: string): Known | undefined {
    return this.entries.get(token);
  }

  set(token: string, decrypted: Known): void {
    this.entries.delete(token);
    this.entries.set(token, decrypted);
    if (this.entries.size > PLAINTEXT_CACHE_LIMIT) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
