/**
 * The fixture site's fields for the encrypt-in-place tests, each with the text its own model
 * holds (an editor's document, a React state, a textarea's value) and a way to empty it.
 */
import type { Page } from "playwright-core";

export interface EditorField {
  name: string;
  /** The element the user clicks and types into. */
  selector: string;
  /** The field's own text, blocks joined by "\n". */
  read(page: Page): Promise<string>;
  textControl?: boolean;
}

const joined = (hook: string) => (page: Page) =>
  page.evaluate(
    (name) => (window as unknown as Record<string, () => string[]>)[name]!().join("\n"),
    hook,
  );
const value = (selector: string) => (page: Page) =>
  page.$eval(selector, (node) => (node as HTMLTextAreaElement).value);

export const EDITOR_FIELDS: EditorField[] = [
  {
    name: "textarea",
    selector: "#plain-textarea",
    read: value("#plain-textarea"),
    textControl: true,
  },
  {
    name: "React textarea",
    selector: "#react-textarea",
    read: (page) => page.evaluate(() => window.__reactValue()),
    textControl: true,
  },
  {
    name: "plain contenteditable",
    selector: "#plain-editable",
    read: (page) =>
      page.$eval("#plain-editable", (node) =>
        // biome-ignore lint/performance/useDomNodeTextContent: its line breaks are the point
        (node as HTMLElement).innerText.replace(/\n$/, ""),
      ),
  },
  { name: "Lexical", selector: "#lexical-editor", read: joined("__lexicalParagraphs") },
  {
    name: "ProseMirror",
    selector: "#prosemirror-editor .ProseMirror",
    read: joined("__prosemirrorParagraphs"),
  },
  {
    name: "Draft.js",
    selector: "#draft-root [contenteditable=true]",
    read: joined("__draftParagraphs"),
  },
  { name: "Quill", selector: "#quill-editor .ql-editor", read: joined("__quillParagraphs") },
  { name: "Slate", selector: "#slate-editor", read: joined("__slateParagraphs") },
];

/** Empties a field through the keyboard, types lines with Enter between them, and waits until its model holds them. */
export async function fillField(page: Page, field: EditorField, lines: string[]): Promise<void> {
  await page.click(field.selector);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  for (const [index, line] of lines.entries()) {
    if (index > 0) await page.keyboard.press("Enter");
    await page.keyboard.type(line);
  }
  const want = lines.join("\n");
  for (let i = 0; i < 50 && (await field.read(page)) !== want; i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  const got = await field.read(page);
  if (got !== want)
    throw new Error(`${field.name} holds ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
}

/** The middle of the first line of a field's text, in page coordinates. */
export async function firstLinePoint(
  page: Page,
  field: EditorField,
): Promise<{ x: number; y: number }> {
  return page.$eval(
    field.selector,
    (node, textControl) => {
      const box = node.getBoundingClientRect();
      if (textControl) return { x: box.left + 30, y: box.top + 12 };
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text !== null; text = walker.nextNode()) {
        if ((text as Text).data.trim() === "") continue;
        const range = document.createRange();
        range.setStart(text, 0);
        range.setEnd(text, 3);
        const rect = range.getBoundingClientRect();
        return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
      }
      throw new Error("no text in the field");
    },
    field.textControl === true,
  );
}

declare global {
  interface Window {
    __reactValue(): string;
  }
}
