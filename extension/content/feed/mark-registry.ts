/**
 * The marks the feed decryptor tracks, and how to find them: by their span (clicks, marks moved
 * into an editor) and by the page's text nodes they depend on. One text node can hold several
 * tokens, so a node maps to a set of marks: the page changing it takes all of them down.
 */
import { GRYPT_ATTRIBUTE } from "./element-kinds.ts";
import type { TokenMark } from "./token-mark.ts";

export class MarkRegistry {
  private readonly marks = new Set<TokenMark>();
  readonly byElement = new WeakMap<Element, TokenMark>();
  private readonly byNode = new WeakMap<Node, Set<TokenMark>>();

  get size(): number {
    return this.marks.size;
  }

  [Symbol.iterator](): IterableIterator<TokenMark> {
    return this.marks.values();
  }

  has(mark: TokenMark): boolean {
    return this.marks.has(mark);
  }

  add(mark: TokenMark): void {
    this.marks.add(mark);
    this.byElement.set(mark.element, mark);
    for (const node of mark.watched) {
      const set = this.byNode.get(node);
      if (set === undefined) this.byNode.set(node, new Set([mark]));
      else set.add(mark);
    }
  }

  delete(mark: TokenMark): void {
    if (!this.marks.delete(mark)) return;
    this.byElement.delete(mark.element);
    for (const node of mark.watched) {
      const set = this.byNode.get(node);
      set?.delete(mark);
      if (set?.size === 0) this.byNode.delete(node);
    }
  }

  /** The tracked marks that depend on this text node of the page. */
  ofNode(node: Node): ReadonlySet<TokenMark> {
    return this.byNode.get(node) ?? NONE;
  }

  /** The tracked marks whose span is `root` or lies inside it. */
  under(root: Node): TokenMark[] {
    if (root.nodeType !== Node.ELEMENT_NODE && root.nodeType !== Node.DOCUMENT_FRAGMENT_NODE)
      return [];
    const found: TokenMark[] = [];
    const own = this.byElement.get(root as Element);
    if (own !== undefined && this.marks.has(own)) found.push(own);
    for (const element of (root as ParentNode).querySelectorAll(`[${GRYPT_ATTRIBUTE}]`)) {
      const mark = this.byElement.get(element);
      if (mark !== undefined && this.marks.has(mark)) found.push(mark);
    }
    return found;
  }

  clear(): void {
    for (const mark of [...this.marks]) this.delete(mark);
  }
}

const NONE: ReadonlySet<TokenMark> = new Set();
