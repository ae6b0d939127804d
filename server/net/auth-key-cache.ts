/**
 * What a member's earlier connection learned from its keys, found by their exact SPKI text: the
 * fingerprint and the imported encryption key (which its connections hold anyway, for wraps). A
 * member's reconnect (an extension's service worker waking, a laptop resuming) then skips the
 * RSA key's import and checks, once its signature has verified: it is consulted only then, so a
 * failed auth costs the same whoever's keys it presents (verify-auth.ts). The signing key is
 * imported again each time (about 0.15 ms), because an OpenSSL EC key costs about 4 KB of
 * memory, a third of an idle connection's. The same text always imports to the same keys, so a
 * hit changes no outcome. Only approved members' keys are kept (verify-auth.ts),
 * so strangers cannot fill it; at most `limit` entries, the least recently used dropped first; a
 * kicked member's entry is dropped. The key texts kept are the member record's own strings.
 */
export interface KnownKeys {
  fingerprint: Uint8Array;
  fingerprintHex: string;
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
  readonly #entries = new Map<string, { texts: KeyTexts; keys: KnownKeys }>();
  /** Fingerprint → signing key text, to forget a kicked member. */
  readonly #signKeyOf = new Map<string, string>();

  constructor(limit = AUTH_KEY_CACHE_LIMIT) {
    this.limit = limit;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(signKey: string, encKey: string): KnownKeys | undefined {
    const entry = this.#entries.get(signKey);
    if (!entry || entry.texts.encKey !== encKey) return undefined;
    this.#entries.delete(signKey);
    this.#entries.set(signKey, entry);
    return entry.keys;
  }

  /** Keep `keys` (copied: only the fields of KnownKeys) for the member whose texts these are. */
  remember(texts: KeyTexts, { fingerprint, fingerprintHex, encPublic }: KnownKeys): void {
    this.#drop(texts.signKey);
    this.#entries.set(texts.signKey, { texts, keys: { fingerprint, fingerprintHex, encPublic } });
    this.#signKeyOf.set(fingerprintHex, texts.signKey);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.limit) break;
      this.#drop(oldest);
    }
  }

  forget(fingerprintHex: string): void {
    const signKey = this.#signKeyOf.get(fingerprintHex);
    if (signKey !== undefined) this.#drop(signKey);
  }

  #drop(signKey: string): void {
    const entry = this.#entries.get(signKey);
    if (!entry) return;
    this.#entries.delete(signKey);
    const fp = entry.keys.fingerprintHex;
    if (this.#signKeyOf.get(fp) === signKey) this.#signKeyOf.delete(fp);
  }
}
