/**
 * One Firefox tab (a top-level BiDi browsing context) as browser tests drive it: navigate,
 * run script, wait for a condition, click and type with real input events.
 */
import * as v from "valibot";
import type { BidiConnection } from "./firefox-bidi-connection.ts";
import type { PlainValue } from "./firefox-bidi-protocol.ts";
import {
  type ClickOptions,
  clickElement,
  pressChord,
  rightClickSelection,
  typeText,
} from "./firefox-input.ts";
import {
  callFunction,
  evaluate,
  type ScriptOptions,
  type WaitOptions,
  waitForValue,
} from "./firefox-script.ts";

type Schema<T> = v.GenericSchema<unknown, T>;

const SELECT_ALL = `(selector) => {
  const el = document.querySelector(selector);
  el.focus();
  if (typeof el.select === "function") el.select();
  else getSelection().selectAllChildren(el);
  return true;
}`;

export class FirefoxTab {
  readonly #bidi: BidiConnection;
  readonly context: string;

  constructor(bidi: BidiConnection, context: string) {
    this.#bidi = bidi;
    this.context = context;
  }

  /** Load a URL and wait until the document has loaded ("complete"). */
  async navigate(url: string): Promise<void> {
    await this.#bidi.command("browsingContext.navigate", {
      context: this.context,
      url,
      wait: "complete",
    });
  }

  async reload(): Promise<void> {
    await this.#bidi.command("browsingContext.reload", { context: this.context, wait: "complete" });
  }

  /** Evaluate an expression in the page (promises awaited) and parse its value. */
  evaluate<T>(expression: string, schema: Schema<T>, options: ScriptOptions = {}): Promise<T> {
    return evaluate(this.#bidi, this.context, expression, schema, options);
  }

  /** Call a function (its source text) with plain arguments and parse its value. */
  call<T>(
    fn: string,
    args: PlainValue[],
    schema: Schema<T>,
    options: ScriptOptions = {},
  ): Promise<T> {
    return callFunction(this.#bidi, this.context, fn, args, schema, options);
  }

  /** Poll until the expression yields something other than null/undefined/false. */
  waitFor<T>(expression: string, schema: Schema<T>, options: WaitOptions = {}): Promise<T> {
    return waitForValue(this.#bidi, this.context, expression, schema, options);
  }

  /** Click the element matching a CSS selector with a real (trusted) mouse click. */
  click(selector: string, options: ClickOptions = {}): Promise<void> {
    return clickElement(this.#bidi, this.context, selector, options);
  }

  /** Right-click on the current selection (keeps it, as a user's right-click on it does). */
  rightClickSelection(): Promise<void> {
    return rightClickSelection(this.#bidi, this.context);
  }

  /** Type into the focused element with real key events. */
  type(text: string): Promise<void> {
    return typeText(this.#bidi, this.context, text);
  }

  /** Press a key chord, e.g. [KEYS.Control, "a"]. */
  press(keys: string[]): Promise<void> {
    return pressChord(this.#bidi, this.context, keys);
  }

  /** Click into a field, select what it holds and type `text` over it with real key events. */
  async fill(selector: string, text: string): Promise<void> {
    await this.click(selector);
    await this.call(SELECT_ALL, [selector], v.literal(true));
    await this.type(text);
  }

  async close(): Promise<void> {
    await this.#bidi.command("browsingContext.close", { context: this.context });
  }
}
