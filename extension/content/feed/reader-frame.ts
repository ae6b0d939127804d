/**
 * One decrypted post shown in a reading frame (extension/reader/): an extension-origin iframe
 * the page cannot read or script, inside a holder span that keeps its measured height while the
 * frame is released far from the viewport. The frame is known by a random id, registered with
 * the token and the surrounding text's style; the frame asks the background for its post by that
 * id. It is sized to the height it reports. A frame that never reports (a browser letting the
 * page's Content-Security-Policy block extension frames) ends in `onBlocked`.
 */
import type { ReaderStyle, ReaderTicket } from "../../messages/reader-messages.ts";
import { readerStyleOf } from "./reader-style-of.ts";

export const READER_PAGE = "reader/reader.html";
/** How long a new frame may take to report before it is taken as blocked. */
export const FRAME_READY_TIMEOUT_MS = 10_000;
/** The attribute on the holder: "loading", "shown", "failed" (the page sees frames anyway). */
export const FRAME_ATTRIBUTE = "data-grypt-frame";

const HOLDER_STYLE = "display: inline-block; width: 100%; vertical-align: top;";
const FRAME_STYLE =
  "display: block; width: 100%; border: 0; margin: 0; padding: 0; background: transparent; color-scheme: normal;";

/** A random id in UUID form (crypto.randomUUID exists only on https pages). */
function randomId(): string {
  const hex = [...crypto.getRandomValues(new Uint8Array(16))]
    .map((byte) => byte.toString(16).padStart(2, "0"))
    .join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class ReaderFrame {
  readonly holder: HTMLSpanElement;
  private iframe: HTMLIFrameElement | null = null;
  private ticket: { id: string; value: ReaderTicket } | null = null;
  private height: number;
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly token: string,
    private readonly pageUrl: (path: string) => string,
    private readonly onBlocked: () => void,
    document: Document,
    lineHeight: number,
  ) {
    this.height = lineHeight;
    this.holder = document.createElement("span");
    this.holder.setAttribute(FRAME_ATTRIBUTE, "loading");
    this.holder.style.cssText = `${HOLDER_STYLE} height: ${this.height}px;`;
  }

  get id(): string | null {
    return this.ticket?.id ?? null;
  }

  get window(): Window | null {
    return this.iframe?.contentWindow ?? null;
  }

  get attached(): boolean {
    return this.iframe !== null;
  }

  /** The ticket behind the frame's id (the background asks for it). */
  lookup(id: string): ReaderTicket | undefined {
    return this.ticket?.id === id ? this.ticket.value : undefined;
  }

  /** The style to take on, read before any frame is attached in a batch (one style recalc). */
  readStyle(): ReaderStyle {
    return readerStyleOf(this.holder.parentElement ?? this.holder);
  }

  /** Makes the frame (near the viewport). */
  attach(style: ReaderStyle): void {
    if (this.iframe !== null) return;
    const id = randomId();
    this.ticket = { id, value: { type: "reader-ticket", token: this.token, style } };
    const iframe = this.holder.ownerDocument.createElement("iframe");
    iframe.style.cssText = `${FRAME_STYLE} height: ${this.height}px;`;
    iframe.title = "grypt: a decrypted post";
    iframe.src = `${this.pageUrl(READER_PAGE)}#${id}`;
    this.iframe = iframe;
    this.holder.append(iframe);
    if (!this.ready) this.timer = setTimeout(() => this.blocked(), FRAME_READY_TIMEOUT_MS);
  }

  /** Releases the frame (far from the viewport); the holder keeps its height. */
  detach(): void {
    clearTimeout(this.timer);
    this.iframe?.remove();
    this.iframe = null;
    this.ticket = null;
  }

  resized(height: number, shown: boolean): void {
    this.ready = true;
    clearTimeout(this.timer);
    this.height = height;
    this.holder.style.height = `${height}px`;
    if (this.iframe !== null) this.iframe.style.height = `${height}px`;
    this.holder.setAttribute(FRAME_ATTRIBUTE, shown ? "shown" : "loading");
  }

  private blocked(): void {
    if (this.ready) return;
    this.detach();
    this.onBlocked();
  }
}
