/**
 * The background's answers about the feed's tokens, put in place a slice at a time: asks about
 * the marks a scan made, shows each answer on its mark (unless the mark was dissolved, unwrapped
 * or pruned meanwhile), remembers decrypted tokens for marks the page makes again, and on a key
 * change hides or retries. Answers to requests sent before a lock are not shown: they are asked
 * again once unlocked.
 */
import { type DecryptOutcome, type DecryptService, decryptTokens } from "./decrypt-service.ts";
import type { MarkRegistry } from "./mark-registry.ts";
import { FRAME_BLOCKED_TITLE } from "./mark-titles.ts";
import { type Known, PlaintextCache } from "./plaintext-cache.ts";
import type { ReaderFrames } from "./reader-frames.ts";
import type { TimeSlicer } from "./time-slicer.ts";
import type { TokenMark } from "./token-mark.ts";

/** What the answers need from the decryptor. */
export interface Answers {
  marks: MarkRegistry;
  /** Runs grypt's own DOM changes (see FeedDecryptor.mutate). */
  mutate(change: () => void): void;
  prune(): void;
  slicer: TimeSlicer;
  /** Private reading's frames; null when posts are shown in the page's own text. */
  frames: ReaderFrames | null;
}

export class AnswerSteps {
  private readonly cache = new PlaintextCache();
  /** Bumped on lock: answers to requests sent before it are not shown. */
  private generation = 0;
  private locked = false;

  constructor(
    private readonly service: DecryptService,
    private readonly feed: Answers,
    private readonly signal: AbortSignal,
  ) {}

  /** Shows a mark whose token was decrypted before; false when it must be asked about. */
  showKnown(mark: TokenMark): boolean {
    const known = this.cache.get(mark.token);
    if (known === undefined) return false;
    this.show(mark, known);
    return true;
  }

  /** In a reading frame when reading privately (never the words), else in the page's text. */
  private show(mark: TokenMark, known: Known): void {
    const { frames } = this.feed;
    if (frames !== null) {
      const frame = frames.create(mark.element, mark.token, () =>
        mark.showUnread(FRAME_BLOCKED_TITLE),
      );
      mark.showInFrame(frame, known.epoch, () => frames.drop(frame));
      if (mark.state === "decrypted") frames.observe(frame);
    } else if (known.plaintext !== undefined) {
      const { plaintext, groupId, groupName = "", epoch } = known;
      mark.showDecrypted({ plaintext, groupId, groupName, epoch });
    } else mark.showUnread();
  }

  ask(marks: TokenMark[]): void {
    void this.decrypt(marks);
  }

  keysChanged(locked: boolean): void {
    this.locked = locked;
    if (locked) {
      this.generation++;
      this.cache.clear();
    }
    const { marks } = this.feed;
    this.feed.mutate(() => {
      this.feed.prune();
      if (locked) for (const mark of marks) if (mark.state !== "unread") mark.showUnread();
    });
    if (locked) return;
    const unread = [...marks].filter((mark) => mark.state === "unread");
    if (unread.length > 0) void this.decrypt(unread);
  }

  clear(): void {
    this.cache.clear();
  }

  private async decrypt(marks: TokenMark[]): Promise<void> {
    const generation = this.generation;
    const outcomes = await decryptTokens(
      this.service,
      marks.map((mark) => mark.token),
      this.signal,
    );
    if (outcomes === null) return;
    // In a slice of its own: answers that come back in the same task (a cache, a test's
    // background) must not chain slices into one long task.
    this.feed.slicer.push(this.applyStep(marks, outcomes, generation));
  }

  /** Puts the answers on their marks until the slice's deadline, then goes on in the next one. */
  private applyStep(
    marks: TokenMark[],
    outcomes: Map<string, DecryptOutcome>,
    generation: number,
  ): (deadline: number) => boolean {
    let index = 0;
    const stale: TokenMark[] = [];
    return (deadline) => {
      this.feed.mutate(() => {
        while (index < marks.length && performance.now() < deadline) {
          const mark = marks[index++]!;
          // Dissolved, unwrapped or pruned while the request was out: the page's nodes are its own.
          if (!this.feed.marks.has(mark)) continue;
          const outcome = outcomes.get(mark.token);
          if (outcome === undefined || !outcome.ok) mark.showUnread();
          else if (generation !== this.generation) {
            mark.showUnread();
            stale.push(mark);
          } else {
            const { ok: _, ...known } = outcome;
            // Private reading keeps no words, even from a background that sent them.
            const kept =
              this.feed.frames === null ? known : { groupId: known.groupId, epoch: known.epoch };
            this.cache.set(mark.token, kept);
            this.show(mark, kept);
          }
        }
      });
      if (index < marks.length) return false;
      // Locked and unlocked again while this request was out: ask again under the new keys.
      const again = stale.filter((mark) => this.feed.marks.has(mark));
      if (again.length > 0 && !this.locked) void this.decrypt(again);
      return true;
    };
  }
}
