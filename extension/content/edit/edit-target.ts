/** The editable field an in-place operation works on: the focused text control or editor. */

export type TextControl = HTMLTextAreaElement | HTMLInputElement;

export type EditTarget =
  | { kind: "text-control"; element: TextControl }
  | { kind: "contenteditable"; host: HTMLElement };

/** True for a textarea, or an input whose type has a text selection (text, search, url, tel). */
export function isTextControl(element: Element): element is TextControl {
  if (element instanceof HTMLTextAreaElement) return true;
  return (
    element instanceof HTMLInputElement &&
    element.selectionStart !== null &&
    element.type !== "password"
  );
}

/** The outermost contenteditable element holding `element` (the editor's root). */
export function editingHost(element: HTMLElement): HTMLElement {
  let host = element;
  for (let parent = host.parentElement; parent?.isContentEditable; parent = host.parentElement)
    host = parent;
  return host;
}

/** The focused element, looking into open shadow roots. */
export function deepActiveElement(document: Document): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** The field to work on, or null. Focus inside a frame belongs to that frame's own script. */
export function findEditTarget(document: Document): EditTarget | null {
  const active = deepActiveElement(document);
  if (active !== null && isTextControl(active)) {
    if (active.disabled || active.readOnly) return null;
    return { kind: "text-control", element: active };
  }
  if (active instanceof HTMLElement && active.isContentEditable)
    return { kind: "contenteditable", host: editingHost(active) };
  // A selection inside an editor whose focus moved (a context menu, for example).
  const anchor = document.getSelection()?.anchorNode ?? null;
  const element = anchor instanceof HTMLElement ? anchor : (anchor?.parentElement ?? null);
  if (element?.isContentEditable) return { kind: "contenteditable", host: editingHost(element) };
  return null;
}

/** Whether focus sits in a nested frame (whose own content script handles the request). */
export function focusIsInFrame(document: Document): boolean {
  const active = deepActiveElement(document);
  return active instanceof HTMLIFrameElement || active?.tagName === "FRAME";
}
