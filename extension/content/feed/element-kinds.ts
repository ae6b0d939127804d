/** How the feed scanner treats elements: skipped subtrees, line breaks, block boundaries. */

/** Never looked into: code, hidden content, form fields, embedded documents (tag names as the DOM gives them). */
const SKIPPED_TAGS = new Set([
  "SCRIPT",
  "STYLE",
  "NOSCRIPT",
  "TEMPLATE",
  "TEXTAREA",
  "INPUT",
  "SELECT",
  "OPTION",
  "IFRAME",
  "OBJECT",
  "EMBED",
  "CANVAS",
  "svg",
  "math",
  "HEAD",
  "TITLE",
]);

/** Elements that end the current line of text without being blocks. */
const BREAK_TAGS = new Set(["BR", "IMG", "HR", "VIDEO", "AUDIO", "PICTURE", "BUTTON"]);

const BLOCK_TAGS = new Set([
  "ADDRESS",
  "ARTICLE",
  "ASIDE",
  "BLOCKQUOTE",
  "BODY",
  "DD",
  "DETAILS",
  "DIALOG",
  "DIV",
  "DL",
  "DT",
  "FIELDSET",
  "FIGCAPTION",
  "FIGURE",
  "FOOTER",
  "FORM",
  "H1",
  "H2",
  "H3",
  "H4",
  "H5",
  "H6",
  "HEADER",
  "HTML",
  "LI",
  "MAIN",
  "NAV",
  "OL",
  "P",
  "PRE",
  "SECTION",
  "SUMMARY",
  "TABLE",
  "TBODY",
  "TD",
  "TFOOT",
  "TH",
  "THEAD",
  "TR",
  "UL",
]);

/** The attribute that marks grypt's own elements in the page. */
export const GRYPT_ATTRIBUTE = "data-grypt";

export function isOwnElement(element: Element): boolean {
  return element.hasAttribute(GRYPT_ATTRIBUTE);
}

/**
 * Whether an element makes its subtree editable, read from the attribute: `isContentEditable`
 * would force a style recalculation on every call while the scanner changes the DOM.
 */
function startsEditing(element: Element): boolean {
  const value = element.getAttribute("contenteditable");
  return value !== null && value.toLowerCase() !== "false";
}

/** A subtree the feed scanner leaves alone: editable areas, code, grypt's own marks. */
export function isSkippedElement(element: Element): boolean {
  if (SKIPPED_TAGS.has(element.tagName)) return true;
  return isOwnElement(element) || startsEditing(element);
}

export function isBreakElement(element: Element): boolean {
  return BREAK_TAGS.has(element.tagName);
}

export function isBlockElement(element: Element): boolean {
  return BLOCK_TAGS.has(element.tagName);
}

/** True when `node` lies inside an editable area, a skipped element or a grypt mark. */
export function isInsideSkipped(node: Node): boolean {
  if (node.ownerDocument?.designMode === "on") return true;
  for (
    let element = node instanceof Element ? node : node.parentElement;
    element;
    element = element.parentElement
  ) {
    if (isSkippedElement(element)) return true;
  }
  return false;
}

/** The nearest block element holding `node` (the node itself if it is one). */
export function blockOf(node: Node): Element | null {
  for (
    let element = node instanceof Element ? node : node.parentElement;
    element;
    element = element.parentElement
  ) {
    if (isBlockElement(element)) return element;
  }
  return null;
}
