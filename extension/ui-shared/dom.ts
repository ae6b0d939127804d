/** Tiny DOM builder: text goes in through textContent only, never HTML. */
type Child = Node | string | null | undefined | false;

export interface Props {
  className?: string;
  text?: string;
  testId?: string;
  attrs?: Record<string, string>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.text !== undefined) element.textContent = props.text;
  if (props.testId) element.dataset.testid = props.testId;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const [name, listener] of Object.entries(props.on ?? {})) {
    element.addEventListener(name, listener as EventListener);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return element;
}

export function replaceChildren(parent: Element, children: Child[]): void {
  parent.replaceChildren(
    ...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false),
  );
}

/** A labelled input. */
export function field(
  label: string,
  input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
  hint?: Node,
): HTMLLabelElement {
  return h("label", { className: "field" }, [
    h("span", { className: "field-label", text: label }),
    input,
    hint,
  ]);
}

/** A message line that shows errors and notices. */
export function messageLine(testId: string): {
  element: HTMLParagraphElement;
  error(text: string): void;
  info(text: string): void;
  clear(): void;
} {
  const element = h("p", {
    className: "message",
    testId,
    attrs: { role: "status", "aria-live": "polite" },
  });
  return {
    element,
    error(text) {
      element.className = "message error";
      element.textContent = text;
    },
    info(text) {
      element.className = "message info";
      element.textContent = text;
    },
    clear() {
      element.className = "message";
      element.textContent = "";
    },
  };
}

/** Disable a button while `work` runs; reports errors through `onError`. */
export async function busy(
  button: HTMLButtonElement,
  work: () => Promise<void>,
  onError: (error: unknown) => void,
): Promise<void> {
  const label = button.textContent;
  button.disabled = true;
  button.classList.add("busy");
  try {
    await work();
  } catch (error) {
    onError(error);
  } finally {
    button.disabled = false;
    button.classList.remove("busy");
    button.textContent = label;
  }
}
