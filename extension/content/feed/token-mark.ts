/**
 * One post token in the page, shown through a grypt <span> placed before its (blanked) text:
 * the span holds the plaintext as a single text node, or a copy of the original token. The
 * token's text is blanked as soon as the mark exists, pending included, so a rescan of its block
 * never finds the token again. The page's own nodes are never moved (token-splice.ts). Once
 * unwrapped or dissolved, a mark is dead: a late answer shows nothing and blanks nothing.
 * Plaintext enters the page only through createTextNode: markup in a post shows as literal
 * text. Clicks reach marks through one delegated listener (mark-clicks.ts).
 */
import { GRYPT_ATTRIBUTE } from "./element-kinds.ts";
import { applyMarkStyle, type MarkState } from "./mark-style.ts";
import { decryptedTitle, ORIGINAL_TITLE, UNREAD_TITLE } from "./mark-titles.ts";
import type { ReaderFrame } from "./reader-frame.ts";
import { TokenSplice } from "./token-splice.ts";

export interface Decrypted {
  plaintext: string;
  groupId: string;
  groupName: string;
  epoch: number;
}

export class TokenMark {
  readonly element: HTMLSpanElement;
  /** The canonical token text (invisible characters removed). */
  readonly token: string;
  private readonly splice: TokenSplice;
  private decrypted: Decrypted | null = null;
  private current: MarkState = "pending";
  /** Private reading: the frame showing the post, and how to let it go. */
  private frame: { frame: ReaderFrame; release: () => void } | null = null;

  /** `nodes` run from the text node holding the token's start to the one holding its end. */
  constructor(
    nodes: readonly Text[],
    startOffset: number,
    endOffset: number,
    token: string,
    document: Document,
  ) {
    this.token = token;
    this.element = document.createElement("span");
    this.element.setAttribute(GRYPT_ATTRIBUTE, "pending");
    this.splice = new TokenSplice(nodes, startOffset, endOffset, this.element);
    this.splice.blank();
    this.element.replaceChildren(this.splice.originalContent());
  }

  get state(): MarkState {
    return this.current;
  }

  get isConnected(): boolean {
    return this.element.isConnected;
  }

  /** The page's text nodes this mark depends on. */
  get watched(): readonly Text[] {
    return this.splice.watched;
  }

  get isBroken(): boolean {
    return this.splice.isBroken(this.element);
  }

  /** False once the mark was unwrapped or dissolved: it no longer touches the page. */
  private get live(): boolean {
    return !this.splice.isUndone;
  }

  showDecrypted(decrypted: Decrypted): void {
    if (!this.live) return;
    this.dropFrame();
    this.decrypted = decrypted;
    this.splice.blank();
    this.element.replaceChildren(this.element.ownerDocument.createTextNode(decrypted.plaintext));
    this.element.title = decryptedTitle(decrypted.epoch);
    this.element.tabIndex = 0;
    this.setState("decrypted");
  }

  /**
   * Private reading: the post in a reading frame; the page sees the frame, never the words.
   * `release` lets the frame go when the mark shows something else or leaves the page.
   */
  showInFrame(frame: ReaderFrame, epoch: number, release: () => void): void {
    if (!this.live) {
      release();
      return;
    }
    this.dropFrame();
    this.decrypted = null;
    this.frame = { frame, release };
    this.splice.blank();
    this.element.replaceChildren(frame.holder);
    this.element.title = decryptedTitle(epoch);
    this.element.removeAttribute("tabindex");
    this.setState("decrypted");
  }

  /**
   * The token as it was, with a quiet marker (the same for every reason but one: a reading frame
   * the site's security policy blocked says so). Forgets any plaintext, lets any frame go.
   */
  showUnread(title = UNREAD_TITLE): void {
    if (!this.live) return;
    this.dropFrame();
    this.decrypted = null;
    this.splice.blank();
    this.element.replaceChildren(this.splice.originalContent());
    this.element.title = title;
    this.element.removeAttribute("tabindex");
    this.setState("unread");
  }

  /** Click or Enter on the mark: between plaintext and original. Returns whether it acted. */
  toggle(): boolean {
    // A reading frame toggles inside itself: clicks there never reach the page.
    if (!this.live || this.frame !== null) return false;
    if (this.current === "decrypted") {
      this.element.replaceChildren(this.splice.originalContent());
      this.element.title = ORIGINAL_TITLE;
      this.setState("original");
      return true;
    }
    if (this.current === "original" && this.decrypted !== null) {
      this.showDecrypted(this.decrypted);
      return true;
    }
    return false;
  }

  /** Puts the page back exactly as it was. */
  unwrap(): void {
    this.dropFrame();
    this.decrypted = null;
    this.splice.restore(this.element);
  }

  /** The page changed `changed` or removed some of the mark's nodes: step aside. */
  dissolve(changed: Node | null): void {
    this.dropFrame();
    this.decrypted = null;
    this.splice.dissolve(this.element, changed);
  }

  private dropFrame(): void {
    const held = this.frame;
    this.frame = null;
    held?.release();
  }

  private setState(state: MarkState): void {
    this.current = state;
    this.element.setAttribute(GRYPT_ATTRIBUTE, state);
    applyMarkStyle(this.element, this.frame === null ? state : "framed");
  }
}
