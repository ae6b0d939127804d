/**
 * Trims a selection to the text the user meant. Chromium's triple-click ends a paragraph's
 * selection at the start of the next block (or, in a textarea, after the line break); double-click
 * may take a trailing space; editors put zero-width placeholders in empty lines. None of that is
 * the user's text: it stays in the field, outside what is replaced.
 */

/** Zero-width characters editors use as fillers (Slate's and Lexical's empty lines, carets). */
const PLACEHOLDERS = /[\u200B\uFEFF]/g;

export function withoutPlaceholders(text: string): string {
  return text.replace(PLACEHOLDERS, "");
}

function isContent(char: string): boolean {
  return !/\s/.test(char) && char !== "\u200B" && char !== "\uFEFF";
}

/** [start, end) of a text control's selection without leading and trailing non-content. */
export function tightOffsets(value: string, start: number, end: number): [number, number] {
  let from = start;
  let to = end;
  while (from < to && !isContent(value[from] ?? "")) from++;
  while (to > from && !isContent(value[to - 1] ?? "")) to--;
  return [from, to];
}

/** The range shrunk to its first and last content (a visible character or an image); null when it has none. */
export function tightRange(range: Range): Range | null {
  const root = range.commonAncestorContainer;
  const document = root.ownerDocument ?? (root as Document);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  const tight = document.createRange();
  let found = false;
  for (let node: Node | null = root; node !== null; node = walker.nextNode()) {
    if (!range.intersectsNode(node)) continue;
    if (node.nodeType === Node.ELEMENT_NODE) {
      if ((node as Element).tagName !== "IMG") continue;
      if (!found) tight.setStartBefore(node);
      tight.setEndAfter(node);
      found = true;
      continue;
    }
    if (node.nodeType !== Node.TEXT_NODE) continue;
    const data = (node as Text).data;
    const from = node === range.startContainer ? range.startOffset : 0;
    const to = node === range.endContainer ? range.endOffset : data.length;
    let first = from;
    while (first < to && !isContent(data[first] ?? "")) first++;
    if (first === to) continue;
    let last = to;
    while (last > first && !isContent(data[last - 1] ?? "")) last--;
    if (!found) tight.setStart(node, first);
    tight.setEnd(node, last);
    found = true;
  }
  return found ? tight : null;
}
