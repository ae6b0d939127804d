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
    this.decrypted = decrypted;
    this.splice.blank();
    this.element.replaceChildren(this.element.ownerDocument.createTextNode(decrypted.plaintext));
    this.element.title = decryptedTitle(decrypted.epoch);
    this.element.tabIndex = 0;
    this.setState("decrypted");
  }

  /** The token as it was, with a quiet marker (the same for every reason). Forgets any plaintext. */
  showUnread(): void {
    if (!this.live) return;
    this.decrypted = null;
    this.splice.blank();
    this.element.replaceChildren(this.splice.originalContent());
    this.element.title = UNREAD_TITLE;
    this.element.removeAttribute("tabindex");
    this.setState("unread");
  }

  /** Click or Enter on the mark: between plaintext and original. Returns whether it acted. */
  toggle(): boolean {
    if (!this.live) return false;
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
    this.decrypted = null;
    this.splice.restore(this.element);
  }

  /** The page changed `changed` or removed some of the mark's nodes: step aside. */
  dissolve(changed: Node | null): void {
    this.decrypted = null;
    this.splice.dissolve(this.element, changed);
  }

  private setState(state: MarkState): void {
    this.current = state;
    this.element.setAttribute(GRYPT_ATTRIBUTE, state);
    applyMarkStyle(this.element, state);
  }
}
