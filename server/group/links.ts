/**
 * What the group service sees of a member connection once its `auth` verified (MemberLink),
 * and the registry of those links by fingerprint: connected members and waiting requests.
 */
import { CLOSE_CODES } from "../../shared/protocol/close-codes.ts";
import type { ServerMessage } from "../../shared/protocol/messages.ts";

export interface VerifiedAuth {
  fingerprint: Uint8Array;
  fingerprintHex: string;
  /** base64url SPKIs as received (the fingerprint covers both): needed to record a request, dropped once a member. */
  spki: { signKey: string; encKey: string } | undefined;
  /** Kept while connected: every rotation wraps the new key with it. */
  encPublic: CryptoKey;
  name: string;
  haveEpoch: number;
  /** The member's nonce from its auth: `keys` on this connection are signed over it too. */
  clientNonce: Uint8Array;
}

export interface MemberLink {
  readonly address: string;
  /** This connection's hello nonce: `keys` on it are signed over it. */
  readonly nonce: Uint8Array;
  readonly auth: VerifiedAuth;
  isOpen(): boolean;
  send(message: ServerMessage): void;
  sendText(text: string): void;
  close(code: number, reason: string): void;
}

/** Connections one member may hold open at once (browsers, devices, the command line). */
export const MAX_LINKS_PER_MEMBER = 16;
/** Connections one pending key may hold open while it waits for the admin. */
export const MAX_WAITING_PER_KEY = 4;

/** Links grouped by fingerprint (one member may be connected from several places). */
export class LinkRegistry {
  readonly #byFingerprint = new Map<string, Set<MemberLink>>();
  #count = 0;

  add(link: MemberLink): void {
    const fp = link.auth.fingerprintHex;
    let set = this.#byFingerprint.get(fp);
    if (!set) {
      set = new Set();
      this.#byFingerprint.set(fp, set);
    }
    if (!set.has(link)) {
      set.add(link);
      this.#count++;
    }
  }

  /** Add, keeping at most `max` links of its fingerprint: the oldest beyond that are closed (REPLACED) and removed. */
  addReplacing(link: MemberLink, max: number): void {
    this.add(link);
    const set = this.#byFingerprint.get(link.auth.fingerprintHex)!;
    for (const old of [...set].slice(0, Math.max(0, set.size - max))) {
      this.delete(old);
      old.close(CLOSE_CODES.REPLACED, "replaced by a newer connection");
    }
  }

  /** True if the link was registered. */
  delete(link: MemberLink): boolean {
    const fp = link.auth.fingerprintHex;
    const set = this.#byFingerprint.get(fp);
    if (!set?.delete(link)) return false;
    this.#count--;
    if (set.size === 0) this.#byFingerprint.delete(fp);
    return true;
  }

  /** Remove and return every link of a fingerprint. */
  take(fingerprintHex: string): MemberLink[] {
    const set = this.#byFingerprint.get(fingerprintHex);
    if (!set) return [];
    this.#byFingerprint.delete(fingerprintHex);
    this.#count -= set.size;
    return [...set];
  }

  has(fingerprintHex: string): boolean {
    return this.#byFingerprint.has(fingerprintHex);
  }

  countOf(fingerprintHex: string): number {
    return this.#byFingerprint.get(fingerprintHex)?.size ?? 0;
  }

  get size(): number {
    return this.#count;
  }

  /** A snapshot: fingerprint → its links, safe to iterate while links come and go. */
  snapshot(): Array<[string, MemberLink[]]> {
    return [...this.#byFingerprint].map(([fp, set]) => [fp, [...set]]);
  }
}
