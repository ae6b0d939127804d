/**
 * How a token is taken out of the page without moving any of the page's nodes (a framework
 * such as React keeps references to its text nodes and would fail to update or remove moved
 * ones): the text nodes at the token's ends are split, the token's text nodes are blanked
 * (data ""), and grypt's span is inserted before them. Everything is undone exactly: blanked
 * data put back, split nodes merged again. When the page itself changes or removes one of these
 * nodes, the splice dissolves: grypt's additions go, the page's own state wins.
 */

interface Split {
  /** The page's node that was split; it kept the text before the split point. */
  from: Text;
  /** The node splitText created after it (grypt's). */
  created: Text;
}

/**
 * One Range per document for copying tokens: the browser updates every live Range on every
 * change to the document until it is collected, so a Range per mark made marking thousands of
 * tokens quadratic.
 */
const ranges = new WeakMap<Document, Range>();

function sharedRange(document: Document): Range {
  let range = ranges.get(document);
  if (range === undefined) {
    range = document.createRange();
    ranges.set(document, range);
  }
  return range;
}

export class TokenSplice {
  /** The token's text nodes, blanked while the span shows something else. */
  private readonly covered: Text[];
  /** The page's nodes whose change or removal dissolves the splice (fixed at the start). */
  readonly watched: readonly Text[];
  private readonly saved: string[] = [];
  private readonly splits: Split[] = [];
  /** A copy of the token's original content, to show in the span. */
  private readonly template: DocumentFragment;
  private blanked = false;
  /** Set once undone: the splice never touches the page's nodes again. */
  private undone = false;

  /** `nodes` run from the node holding the token's start to the one holding its end. */
  constructor(nodes: readonly Text[], startOffset: number, endOffset: number, span: HTMLElement) {
    const covered = [...nodes];
    const last = covered[covered.length - 1]!;
    if (endOffset < last.length)
      this.splits.push({ from: last, created: last.splitText(endOffset) });
    const first = covered[0]!;
    if (startOffset > 0) {
      const created = first.splitText(startOffset);
      this.splits.push({ from: first, created });
      covered[0] = created;
    }
    this.covered = covered;
    this.watched = [...covered, ...this.splits.map((split) => split.from)];
    const range = sharedRange(first.ownerDocument);
    range.setStart(covered[0]!, 0);
    range.setEnd(covered[covered.length - 1]!, covered[covered.length - 1]!.length);
    this.template = range.cloneContents();
    range.collapse(true);
    covered[0]!.parentNode?.insertBefore(span, covered[0]!);
  }

  /** Whether the splice was undone (restored or dissolved): then it never touches the page again. */
  get isUndone(): boolean {
    return this.undone;
  }

  originalContent(): DocumentFragment {
    return this.template.cloneNode(true) as DocumentFragment;
  }

  /** Hides the token's own text (the span shows plaintext or a copy of it). */
  blank(): void {
    if (this.blanked || this.undone) return;
    this.blanked = true;
    for (const node of this.covered) {
      this.saved.push(node.data);
      node.data = "";
    }
  }

  /** True when the page removed some of the nodes while others (or the span) remain. */
  isBroken(span: Node): boolean {
    const nodes: Node[] = [span, ...this.watched];
    const connected = nodes.filter((node) => node.isConnected).length;
    return connected > 0 && connected < nodes.length;
  }

  /**
   * Puts the page back as it was: the span out, the text back, the split nodes merged; in a
   * subtree the page detached too (it may attach it again, and must find the token, not plaintext).
   */
  restore(span: Node): void {
    this.undo(span, null, true);
  }

  /**
   * The page changed `changed` (or removed nodes): undo grypt's part, keep the page's. Nodes the
   * page removed are left as they are.
   */
  dissolve(span: Node, changed: Node | null): void {
    this.undo(span, changed, false);
  }

  private undo(span: Node, changed: Node | null, detachedToo: boolean): void {
    if (this.undone) return;
    this.undone = true;
    const ours = (node: Node) => node !== changed && (detachedToo || node.isConnected);
    span.parentNode?.removeChild(span);
    if (this.blanked) {
      this.covered.forEach((node, index) => {
        if (ours(node) && node.data === "") node.data = this.saved[index] ?? "";
      });
      this.blanked = false;
      this.saved.length = 0;
    }
    for (const { from, created } of [...this.splits].reverse()) {
      if (!ours(from)) created.parentNode?.removeChild(created);
      else if (from.nextSibling === created) {
        from.appendData(created.data);
        created.parentNode?.removeChild(created);
      }
    }
    this.splits.length = 0;
  }
}
