/**
 * Member keys as imported at an earlier connection, found by their exact SPKI text. A member's
 * reconnect (an extension's service worker waking, a laptop resuming) then costs a signature
 * check, not two key imports, two canonical-encoding checks and a fingerprint hash: about 1.5 ms
 * of CPU, most of it OpenSSL 3 decoding keys. The same text always imports to the same keys, so
 * a hit changes no outcome; the signature is still checked every time. Only approved members'
 * keys are kept (verify-auth.ts), so strangers cannot fill it; at most `limit` entries, the least
 * recently used dropped first; a kicked member's entry is dropped. The key texts kept are the
 * member record's own strings, so an entry costs little more than the signing key's CryptoKey.
 */
export interface ImportedKeys {
  fingerprint: Uint8Array;
  fingerprintHex: string;
  signPublic: CryptoKey;
  encPublic: CryptoKey;
}

export const AUTH_KEY_CACHE_LIMIT = 20_000;

/** A member's key texts (base64url SPKI), as in its group record. */
export interface KeyTexts {
  signKey: string;
  encKey: string;
}

export class AuthKeyCache {
  readonly limit: number;
  /** By the signing key's SPKI text (unique per member: it is half of the fingerprint). */
  readonly #entries = new Map<string, { texts: KeyTexts; keys: ImportedKeys }>();

  constructor(limit = AUTH_KEY_CACHE_LIMIT) {
    this.limit = limit;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(signKey: string, encKey: string): ImportedKeys | undefined {
    const entry = this.#entries.get(signKey);
    if (!entry || entry.texts.encKey !== encKey) return undefined;
    this.#entries.delete(signKey);
    this.#entries.set(signKey, entry);
    return entry.keys;
  }

  remember(texts: KeyTexts, keys: ImportedKeys): void {
    this.#entries.delete(texts.signKey);
    this.#entries.set(texts.signKey, { texts, keys });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.limit) break;
      this.#entries.delete(oldest);
    }
  }

  forget(fingerprintHex: string): void {
    for (const [signKey, entry] of this.#entries) {
      if (entry.keys.fingerprintHex === fingerprintHex) this.#entries.delete(signKey);
    }
  }
}
