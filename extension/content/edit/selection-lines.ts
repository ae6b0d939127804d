/**
 * Turns the content of an editor selection into text with its line breaks: each block (a
 * paragraph) is a line, a <br> ends a line, and a <br> that only closes a block's last line
 * (as editors put in empty paragraphs) adds nothing. A mark item records where a point (a
 * selection's start or end) falls in that text. Pure over a stream of items.
 */

export type LineItem =
  | { kind: "text"; text: string }
  | { kind: "br" }
  | { kind: "block" }
  | { kind: "mark" };

export interface MarkedText {
  text: string;
  /** For each mark item, in order, its index in `text`. */
  marks: number[];
}

export function linesToMarkedText(items: Iterable<LineItem>): MarkedText {
  let out = "";
  let lineCount = 0;
  let current = "";
  let open = false;
  const marks: number[] = [];
  const pushLine = () => {
    out += (lineCount > 0 ? "\n" : "") + current;
    lineCount++;
    current = "";
    open = false;
  };
  for (const item of items) {
    switch (item.kind) {
      case "text":
        if (item.text.length === 0) break;
        current += item.text;
        open = true;
        break;
      case "br":
        pushLine();
        break;
      case "block":
        if (open) pushLine();
        current = "";
        open = false;
        break;
      case "mark":
        marks.push(out.length + (lineCount > 0 ? 1 : 0) + current.length);
        break;
      default: {
        const unknown: never = item;
        throw new Error(`unknown line item ${String(unknown)}`);
      }
    }
  }
  if (open) pushLine();
  return { text: out, marks: marks.map((at) => Math.min(at, out.length)) };
}

export function linesToText(items: Iterable<LineItem>): string {
  return linesToMarkedText(items).text;
}
