/**
 * Auto-decrypts the feed: scans the page, and every subtree the page adds or changes as soon as
 * the MutationObserver reports it (before the browser paints it), wraps tokens in marks, and
 * asks the background to decrypt them at once: one request per batch of records, so posts
 * appended together go together, and the background works while the page renders. Mutations
 * the decryptor makes itself are dropped (takeRecords right after them), so it never reacts to
 * its own work. Marks that end up in an editable area are unwrapped. Lock puts every tracked
 * token's original text back, in the page or in a subtree the page detached; aborting the
 * signal stops everything and does the same.
 */
import { findBrokenMarks } from "./broken-marks.ts";
import { type DecryptService, decryptTokens } from "./decrypt-service.ts";
import { EDITABLE_ATTRIBUTE, marksMadeEditable } from "./editable-changes.ts";
import { listenToMarkClicks } from "./mark-clicks.ts";
import { MarkRegistry } from "./mark-registry.ts";
import { addRecordRoots, outermostRoots } from "./mutation-roots.ts";
import { PlaintextCache } from "./plaintext-cache.ts";
import { scanForTokens } from "./scan-tokens.ts";
import type { TokenMark } from "./token-mark.ts";

export class FeedDecryptor {
  private readonly marks = new MarkRegistry();
  private readonly cache = new PlaintextCache();
  private readonly observer: MutationObserver;
  /** Bumped on lock: answers to requests sent before it are not shown. */
  private generation = 0;
  private locked = false;
  /** Marks the page detached are unwrapped and forgotten when the count passes this; it doubles. */
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
    if (window !== null) listenToMarkClicks(window, this.marks.byElement, this.signal);
    this.observer.observe(this.document.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
      attributeFilter: [EDITABLE_ATTRIBUTE],
    });
    this.scan([this.document.body ?? this.document.documentElement]);
  }

  /** Keys changed in the background: after a lock, ciphertext back; else retry what was unread. */
  keysChanged(locked: boolean): void {
    if (this.signal.aborted) return;
    this.locked = locked;
    if (locked) {
      this.generation++;
      this.cache.clear();
    }
    this.mutate(() => {
      this.prune();
      if (locked) for (const mark of this.marks) if (mark.state !== "unread") mark.showUnread();
    });
    if (locked) return;
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
    const unknown: TokenMark[] = [];
    this.mutate(() => {
      for (const root of roots) {
        for (const mark of scanForTokens(root)) {
          this.marks.add(mark);
          const known = this.cache.get(mark.token);
          if (known !== undefined) mark.showDecrypted(known);
          else unknown.push(mark);
        }
      }
      if (this.marks.size > this.pruneAt) {
        this.prune();
        this.pruneAt = Math.max(256, 2 * this.marks.size);
      }
    });
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
        // Dissolved, unwrapped or pruned while the request was out: the page's nodes are its own.
        if (!this.marks.has(mark)) continue;
        const outcome = outcomes.get(mark.token);
        if (outcome === undefined || !outcome.ok) mark.showUnread();
        else if (generation !== this.generation) {
          mark.showUnread();
          stale.push(mark);
        } else {
          const { plaintext, groupId, groupName, epoch } = outcome;
          this.cache.set(mark.token, { plaintext, groupId, groupName, epoch });
          mark.showDecrypted({ plaintext, groupId, groupName, epoch });
        }
      }
    });
    // Locked and unlocked again while this request was out: ask again under the new keys.
    if (stale.length > 0 && !this.locked)
      await this.decrypt(stale.filter((mark) => this.marks.has(mark)));
  }

  /**
   * Marks whose text the page changed or partly removed step aside (their block is rescanned);
   * marks that ended up in an editable area are unwrapped.
   */
  private repair(records: MutationRecord[]): void {
    const broken = findBrokenMarks(records, this.marks);
    const editable = marksMadeEditable(records, this.marks);
    if (broken.size === 0 && editable.length === 0) return;
    this.mutate(() => {
      for (const [mark, changed] of broken) {
        mark.dissolve(changed);
        this.marks.delete(mark);
      }
      for (const mark of editable) this.forget(mark);
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

  /** Marks the page detached: original text back (the page may attach them again), then forgotten. */
  private prune(): void {
    for (const mark of [...this.marks]) if (!mark.isConnected) this.forget(mark);
  }

  private forget(mark: TokenMark): void {
    mark.unwrap();
    this.marks.delete(mark);
  }

  private stop(): void {
    this.observer.disconnect();
    this.cache.clear();
    for (const mark of [...this.marks]) mark.unwrap();
    this.marks.clear();
  }
}
