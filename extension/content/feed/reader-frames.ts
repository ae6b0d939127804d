/**
 * The reading frames of one page life: made lazily for marks near the viewport and released far
 * from it (IntersectionObserver; a released frame's holder keeps its height, so the page does
 * not jump), sized to the height each frame reports (window messages, taken only from the
 * frames' own windows and the extension's origin, and parsed), and looked up by id when the background asks
 * which post a frame shows.
 */
import * as v from "valibot";
import { FrameSizeSchema, type ReaderTicket } from "../../messages/reader-messages.ts";
import { ReaderFrame } from "./reader-frame.ts";
import { lineHeightOf } from "./reader-style-of.ts";

/** Frames are made within a viewport's height of the viewport, released past three. */
const NEAR_MARGIN = "100% 0px";
const FAR_MARGIN = "300% 0px";

export class ReaderFrames {
  private readonly frames = new Set<ReaderFrame>();
  private readonly byHolder = new WeakMap<Element, ReaderFrame>();
  private readonly near: IntersectionObserver;
  private readonly far: IntersectionObserver;

  constructor(
    private readonly document: Document,
    private readonly pageUrl: (path: string) => string,
    /** Where the frames' documents come from (the page could navigate a frame elsewhere). */
    private readonly origins: readonly string[],
    signal: AbortSignal,
  ) {
    this.near = new IntersectionObserver((entries) => this.onNear(entries), {
      rootMargin: NEAR_MARGIN,
    });
    this.far = new IntersectionObserver((entries) => this.onFar(entries), {
      rootMargin: FAR_MARGIN,
    });
    document.defaultView?.addEventListener("message", (event) => this.onMessage(event), {
      signal,
    });
    signal.addEventListener("abort", () => this.clear(), { once: true });
  }

  /** A frame for a token whose mark is `element`; shown once `observe` is called. */
  create(element: Element, token: string, onBlocked: () => void): ReaderFrame {
    const line = lineHeightOf(element.parentElement ?? element);
    const frame = new ReaderFrame(token, this.pageUrl, onBlocked, this.document, line);
    this.frames.add(frame);
    this.byHolder.set(frame.holder, frame);
    return frame;
  }

  /** Starts watching a frame's holder, now in the page. */
  observe(frame: ReaderFrame): void {
    this.near.observe(frame.holder);
    this.far.observe(frame.holder);
  }

  drop(frame: ReaderFrame): void {
    frame.detach();
    this.near.unobserve(frame.holder);
    this.far.unobserve(frame.holder);
    this.frames.delete(frame);
  }

  lookup(id: string): ReaderTicket | undefined {
    for (const frame of this.frames) {
      const ticket = frame.lookup(id);
      if (ticket !== undefined) return ticket;
    }
    return undefined;
  }

  private onNear(entries: IntersectionObserverEntry[]): void {
    const entering: ReaderFrame[] = [];
    for (const entry of entries) {
      const frame = this.byHolder.get(entry.target);
      if (entry.isIntersecting && frame !== undefined && this.frames.has(frame) && !frame.attached)
        entering.push(frame);
    }
    // Every style first, then every frame: one style recalculation for the batch.
    const styles = entering.map((frame) => frame.readStyle());
    entering.forEach((frame, i) => {
      frame.attach(styles[i]!);
    });
  }

  private onFar(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      if (entry.isIntersecting) continue;
      this.byHolder.get(entry.target)?.detach();
    }
  }

  private onMessage(event: MessageEvent): void {
    if (event.source === null) return;
    let from: ReaderFrame | undefined;
    for (const frame of this.frames) if (frame.window === event.source) from = frame;
    if (from === undefined || !this.origins.includes(event.origin)) return;
    const size = v.safeParse(FrameSizeSchema, event.data);
    if (size.success) from.resized(size.output.height, size.output.shown);
  }

  private clear(): void {
    for (const frame of [...this.frames]) this.drop(frame);
    this.near.disconnect();
    this.far.disconnect();
  }
}
