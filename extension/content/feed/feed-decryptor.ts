/**
 * Auto-decrypts the feed: scans the page, and every subtree the page adds or changes as soon as
 * the MutationObserver reports it, wraps tokens in marks, and asks the background about them.
 * The work runs in slices of a few milliseconds (time-slicer.ts): the first slice at once,
 * before the browser paints, the rest after the page had its turn, so a page full of tokens
 * never freezes the tab; at most MAX_MARKS_PER_PAGE tokens are tracked, and a page holding more
 * shows a notice. Mutations the decryptor makes itself are dropped (takeRecords right after
 * them), so it never reacts to its own work. Marks that end up in an editable area are
 * unwrapped. Lock puts every tracked token's original text back, in the page or in a subtree
 * the page detached; aborting the signal stops everything and does the same.
 */
import { AnswerSteps, type Answers } from "./answer-steps.ts";
import { findBrokenMarks } from "./broken-marks.ts";
import type { DecryptService } from "./decrypt-service.ts";
import { EDITABLE_ATTRIBUTE, marksMadeEditable } from "./editable-changes.ts";
import { listenToMarkClicks } from "./mark-clicks.ts";
import { MarkRegistry } from "./mark-registry.ts";
import { addRecordRoots, outermostRoots } from "./mutation-roots.ts";
import { MAX_MARKS_PER_PAGE, OverflowNotice } from "./overflow-notice.ts";
import type { ReaderFrames } from "./reader-frames.ts";
import { TokenScan } from "./scan-tokens.ts";
import { type SliceStep, TimeSlicer } from "./time-slicer.ts";
import type { TokenMark } from "./token-mark.ts";

export class FeedDecryptor {
  private readonly marks = new MarkRegistry();
  private readonly observer: MutationObserver;
  private readonly slicer: TimeSlicer;
  private readonly notice: OverflowNotice;
  private readonly answers: AnswerSteps;
  /** Marks made in the current slice, not asked about yet. */
  private unknown: TokenMark[] = [];
  /** Marks the page detached are unwrapped and forgotten when the count passes this; it doubles. */
  private pruneAt = 256;

  /** `frames`: private reading's frames; null to show posts in the page's own text. */
  constructor(
    private readonly document: Document,
    service: DecryptService,
    private readonly signal: AbortSignal,
    frames: ReaderFrames | null = null,
  ) {
    this.observer = new MutationObserver((records) => this.onRecords(records));
    this.slicer = new TimeSlicer(signal);
    this.notice = new OverflowNotice(document);
    const answers: Answers = {
      marks: this.marks,
      mutate: (change) => this.mutate(change),
      prune: () => this.prune(),
      slicer: this.slicer,
      frames,
    };
    this.answers = new AnswerSteps(service, answers, signal);
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

  /** Whether work is queued for later slices (scans, answers to put in place). */
  get busy(): boolean {
    return !this.slicer.idle;
  }

  /** Keys changed in the background: after a lock, ciphertext back; else retry what was unread. */
  keysChanged(locked: boolean): void {
    if (!this.signal.aborted) this.answers.keysChanged(locked);
  }

  private onRecords(records: MutationRecord[]): void {
    if (this.signal.aborted) return;
    this.repair(records);
    const roots = new Set<Node>();
    addRecordRoots(records, roots);
    if (roots.size > 0) this.scan(outermostRoots(roots));
  }

  /** Queues a scan of each root and runs the first slice now. */
  private scan(roots: Node[]): void {
    for (const root of roots) this.slicer.push(this.scanStep(new TokenScan(root)));
    this.slicer.runNow();
  }

  private scanStep(scan: TokenScan): SliceStep {
    return (deadline) => {
      let full = false;
      let done = false;
      this.mutate(() => {
        const canMark = (): boolean => {
          if (performance.now() >= deadline) return false;
          if (this.hasRoom()) return true;
          full = true;
          return false;
        };
        done = scan.step(canMark, (mark) => this.track(mark));
        if (this.marks.size > this.pruneAt) {
          this.prune();
          this.pruneAt = Math.max(256, 2 * this.marks.size);
        }
        if (full) this.notice.show();
      });
      if (this.unknown.length > 0) this.answers.ask(this.unknown.splice(0));
      return done || full;
    };
  }

  /** A new mark: shown at once when its token is known, else asked about with its slice. */
  private track(mark: TokenMark): void {
    this.marks.add(mark);
    if (!this.answers.showKnown(mark)) this.unknown.push(mark);
  }

  private hasRoom(): boolean {
    if (this.marks.size < MAX_MARKS_PER_PAGE) return true;
    this.prune();
    return this.marks.size < MAX_MARKS_PER_PAGE;
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
    this.answers.clear();
    this.notice.remove();
    for (const mark of [...this.marks]) mark.unwrap();
    this.marks.clear();
  }
}
