/**
 * One post token in the page, shown through a grypt <span> placed before its (blanked) text:
 * the span holds the plaintext as a single text node, or a copy of the original token. The
 * page's own nodes are never moved (token-splice.ts). Plaintext enters the page only through
 * createTextNode: markup in a post shows as literal text. Clicks reach marks through one
 * delegated listener (mark-clicks.ts).
 */
import { GRYPT_ATTRIBUTE } from "./element-kinds.ts";
import { applyMarkStyle, type MarkState } from "./mark-style.ts";
import { TokenSplice } from "./token-splice.ts";
import { decryptedTitle, ORIGINAL_TITLE } from "./unread-reason.ts";

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
  constructor(nodes: readonly Text[], startOffset: number, endOffset: number, token: string, document: Document) {
    this.token = token;
    this.element = document.createElement("span");
    this.element.setAttribute(GRYPT_ATTRIBUTE, "pending");
    this.splice = new TokenSplice(nodes, startOffset, endOffset, this.element);
  }

  get state(): MarkState {
    return this.current;
  }

  get isConnected(): boolean {
    return this.element.isConnected;
  }

  /** The page's text nodes this mark depends on. */
  get watched(): Text[] {
    return this.splice.watched;
  }

  get isBroken(): boolean {
    return this.splice.isBroken(this.element);
  }

  showDecrypted(decrypted: Decrypted): void {
    this.decrypted = decrypted;
    this.splice.blank();
    this.element.replaceChildren(this.element.ownerDocument.createTextNode(decrypted.plaintext));
    this.element.title = decryptedTitle(decrypted.groupName, decrypted.epoch);
    this.element.tabIndex = 0;
    this.setState("decrypted");
  }

  /** The token as it was, with a quiet marker saying why it is not read. Forgets any plaintext. */
  showUnread(reason: string): void {
    this.decrypted = null;
    this.splice.blank();
    this.element.replaceChildren(this.splice.originalContent());
    this.element.title = reason;
    this.element.removeAttribute("tabindex");
    this.setState("unread");
  }

  /** Click or Enter on the mark: between plaintext and original. Returns whether it acted. */
  toggle(): boolean {
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
