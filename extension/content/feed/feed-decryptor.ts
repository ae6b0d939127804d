/**
 * Auto-decrypts the feed: scans the page, and every subtree the page adds or changes as soon as
 * the MutationObserver reports it (before the browser paints it), wraps tokens in marks, and
 * asks the background to decrypt them at once: one request per batch of records, so posts
 * appended together go together, and the background works while the page renders. Mutations
 * the decryptor makes itself are dropped (takeRecords right after them), so it never reacts to
 * its own work. Aborting the signal stops everything and puts every token's original text back.
 */
import { findBrokenMarks } from "./broken-marks.ts";
import { type DecryptService, decryptTokens } from "./decrypt-service.ts";
import { listenToMarkClicks } from "./mark-clicks.ts";
import { addRecordRoots, outermostRoots } from "./mutation-roots.ts";
import { scanForTokens } from "./scan-tokens.ts";
import { PlaintextCache } from "./plaintext-cache.ts";
import type { TokenMark } from "./token-mark.ts";
import { unreadReason } from "./unread-reason.ts";

const LOCKED_REASON = unreadReason({ code: "LOCKED", message: "locked" });

export class FeedDecryptor {
  private readonly marks = new Set<TokenMark>();
  private readonly byElement = new WeakMap<Element, TokenMark>();
  /** The page's text nodes each mark depends on. */
  private readonly byNode = new WeakMap<Node, TokenMark>();
  private readonly cache = new PlaintextCache();
  private readonly observer: MutationObserver;
  /** Bumped on lock: answers to requests sent before it are not shown. */
  private generation = 0;
  private locked = false;
  /** Marks are pruned (removed from the page) when their count passes this; it doubles. */
  private pruneAt = 256;

  constructor(
    private readonly document: Document,
    private readonly service: DecryptService,
    private readonly signal: AbortSignal,
  ) {
    this.observer = new MutationObserver((records) => this.onRecords(records));
  }

  start(): void {
    if (this.signal.aborted) return;
    this.signal.addEventListener("abort", () => this.stop(), { once: true });
    const window = this.document.defaultView;
    if (window !== null) listenToMarkClicks(window, this.byElement, this.signal);
    this.observer.observe(this.document.documentElement, { childList: true, subtree: true, characterData: true });
    this.scan([this.document.body ?? this.document.documentElement]);
  }

  /** Keys changed in the background: after a lock, ciphertext back; else retry what was unread. */
  keysChanged(locked: boolean): void {
    if (this.signal.aborted) return;
    this.prune();
    this.locked = locked;
    if (locked) {
      this.generation++;
      this.cache.clear();
      this.mutate(() => {
        for (const mark of this.marks) if (mark.state !== "unread") mark.showUnread(LOCKED_REASON);
      });
      return;
    }
    const unread = [...this.marks].filter((mark) => mark.state === "unread");
    if (unread.length > 0) void this.decrypt(unread);
  }

  private onRecords(records: MutationRecord[]): void {
    if (this.signal.aborted) return;
    this.repair(records);
    const roots = new Set<Node>();
    addRecordRoots(records, roots);
    if (roots.size > 0) this.scan(outermostRoots(roots));
  }

  /** Wraps the tokens under the roots; known ones are shown at once, the rest are asked for. */
  private scan(roots: Node[]): void {
    const fresh: TokenMark[] = [];
    const unknown: TokenMark[] = [];
    this.mutate(() => {
      for (const root of roots) fresh.push(...scanForTokens(root));
      for (const mark of fresh) {
        this.marks.add(mark);
        this.byElement.set(mark.element, mark);
        for (const node of mark.watched) this.byNode.set(node, mark);
        const known = this.cache.get(mark.token);
        if (known !== undefined) mark.showDecrypted(known);
        else unknown.push(mark);
      }
    });
    if (this.marks.size > this.pruneAt) {
      this.prune();
      this.pruneAt = Math.max(256, 2 * this.marks.size);
    }
    if (unknown.length > 0) void this.decrypt(unknown);
  }

  private async decrypt(marks: TokenMark[]): Promise<void> {
    const generation = this.generation;
    const outcomes = await decryptTokens(
      this.service,
      marks.map((mark) => mark.token),
      this.signal,
    );
    if (outcomes === null) return;
    const stale: TokenMark[] = [];
    this.mutate(() => {
      for (const mark of marks) {
        const outcome = outcomes.get(mark.token);
        if (outcome === undefined) mark.showUnread(unreadReason({ code: "INTERNAL", message: "no answer" }));
        else if (!outcome.ok) mark.showUnread(unreadReason(outcome.error));
        else if (generation !== this.generation) {
          mark.showUnread(LOCKED_REASON);
          stale.push(mark);
        } else {
          const { plaintext, groupId, groupName, epoch } = outcome;
          this.cache.set(mark.token, { plaintext, groupId, groupName, epoch });
          mark.showDecrypted({ plaintext, groupId, groupName, epoch });
        }
      }
    });
    // Locked and unlocked again while this request was out: ask again under the new keys.
    if (stale.length > 0 && !this.locked) await this.decrypt(stale);
  }

  /** Marks whose text the page changed or partly removed step aside (their block is rescanned). */
  private repair(records: MutationRecord[]): void {
    const broken = findBrokenMarks(records, this.marks, this.byNode);
    if (broken.size === 0) return;
    this.mutate(() => {
      for (const [mark, changed] of broken) {
        mark.dissolve(changed);
        this.marks.delete(mark);
      }
    });
  }

  /** Runs DOM changes of grypt's own: the page's pending records are handled first, ours dropped. */
  private mutate(change: () => void): void {
    const pending = this.observer.takeRecords();
    try {
      change();
    } finally {
      this.observer.takeRecords();
    }
    if (pending.length > 0) this.onRecords(pending);
  }

  private prune(): void {
    for (const mark of this.marks) if (!mark.isConnected) this.marks.delete(mark);
  }

  private stop(): void {
    this.observer.disconnect();
    this.cache.clear();
    for (const mark of this.marks) mark.unwrap();
    this.marks.clear();
  }
}
