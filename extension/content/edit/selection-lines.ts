/**
 * Turns the content of an editor selection into text with its line breaks: each block (a
 * paragraph) is a line, a <br> ends a line, and a <br> that only closes a block's last line
 * (as editors put in empty paragraphs) adds nothing. Pure over a stream of items.
 */

export type LineItem = { kind: "text"; text: string } | { kind: "br" } | { kind: "block" };

export function linesToText(items: Iterable<LineItem>): string {
  const lines: string[] = [];
  let current = "";
  let open = false;
  for (const item of items) {
    switch (item.kind) {
      case "text":
        if (item.text.length === 0) break;
        current += item.text;
        open = true;
        break;
      case "br":
        lines.push(current);
        current = "";
        open = false;
        break;
      case "block":
        if (open) lines.push(current);
        current = "";
        open = false;
        break;
      default: {
        const unknown: never = item;
        throw new Error(`unknown line item ${String(unknown)}`);
      }
    }
  }
  if (open) lines.push(current);
  return lines.join("\n");
}
