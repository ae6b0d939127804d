/**
 * Real user input in Firefox through BiDi input.performActions: trusted events, which is what
 * user-activation-gated APIs (permissions.request, clipboard, context menus) demand.
 */
import * as v from "valibot";
import type { BidiConnection } from "./firefox-bidi-connection.ts";
import { EvaluateResult, fromRemoteValue } from "./firefox-bidi-protocol.ts";
import { elementId } from "./firefox-script.ts";

/** WebDriver's key values for the keys tests press (printable characters are sent as-is). */
export const KEYS = {
  Control: "\uE009",
  Shift: "\uE008",
  Alt: "\uE00A",
  Meta: "\uE03D",
  Enter: "\uE007",
  Backspace: "\uE003",
  Escape: "\uE00C",
  Tab: "\uE004",
  ArrowLeft: "\uE012",
  ArrowRight: "\uE014",
} as const;

export type MouseButton = "left" | "middle" | "right";
const BUTTONS: Record<MouseButton, number> = { left: 0, middle: 1, right: 2 };

async function perform(
  bidi: BidiConnection,
  context: string,
  actions: Record<string, unknown>[],
): Promise<void> {
  await bidi.command("input.performActions", { context, actions });
  await bidi.command("input.releaseActions", { context });
}

export interface ClickOptions {
  button?: MouseButton;
  /** Where to click, in CSS pixels from the element's top-left corner (default: its centre). */
  at?: { x: number; y: number };
  /** How many clicks in a row (3: a triple-click, which selects a paragraph). */
  count?: number;
}

const Rect = v.object({ left: v.number(), top: v.number() });

/** Move the mouse onto the element matching `selector` and click it. */
export async function clickElement(
  bidi: BidiConnection,
  context: string,
  selector: string,
  options: ClickOptions = {},
): Promise<void> {
  const sharedId = await elementId(bidi, context, selector);
  const raw = await bidi.command("script.callFunction", {
    functionDeclaration: `(el) => {
      el.scrollIntoView({ block: "center" });
      const rect = el.getBoundingClientRect();
      return { left: rect.left, top: rect.top };
    }`,
    arguments: [{ sharedId }],
    target: { context },
    awaitPromise: false,
    resultOwnership: "none",
  });
  const result = v.parse(EvaluateResult, raw);
  if (result.type === "exception")
    throw new Error(`cannot scroll to ${selector}: ${result.exceptionDetails.text}`);
  const rect = v.parse(Rect, fromRemoteValue(result.result));
  const move =
    options.at === undefined
      ? { type: "pointerMove", x: 0, y: 0, origin: { type: "element", element: { sharedId } } }
      : {
          type: "pointerMove",
          x: Math.round(rect.left + options.at.x),
          y: Math.round(rect.top + options.at.y),
        };
  const button = BUTTONS[options.button ?? "left"];
  const pointer = {
    type: "pointer",
    id: "grypt-mouse",
    parameters: { pointerType: "mouse" },
    actions: [
      move,
      ...Array.from({ length: options.count ?? 1 }, () => [
        { type: "pointerDown", button },
        { type: "pointerUp", button },
      ]).flat(),
    ],
  };
  await perform(bidi, context, [pointer]);
}

const SelectionPoint = v.object({ x: v.number(), y: v.number() });

/**
 * Right-click in the middle of the first line of the page's current selection (in a
 * contenteditable: a click elsewhere would move the caret and lose the selection).
 */
export async function rightClickSelection(bidi: BidiConnection, context: string): Promise<void> {
  const raw = await bidi.command("script.evaluate", {
    expression: `(() => {
      const selection = getSelection();
      if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
      const rect = [...selection.getRangeAt(0).getClientRects()].find((r) => r.width > 2 && r.height > 2);
      return rect ? { x: rect.left + Math.min(rect.width / 2, 20), y: rect.top + rect.height / 2 } : null;
    })()`,
    target: { context },
    awaitPromise: false,
    resultOwnership: "none",
  });
  const result = v.parse(EvaluateResult, raw);
  if (result.type === "exception")
    throw new Error(`cannot measure the selection: ${result.exceptionDetails.text}`);
  const value = fromRemoteValue(result.result);
  if (value === null) throw new Error("nothing visible is selected in the page");
  const point = v.parse(SelectionPoint, value);
  const button = BUTTONS.right;
  const pointer = {
    type: "pointer",
    id: "grypt-mouse",
    parameters: { pointerType: "mouse" },
    actions: [
      { type: "pointerMove", x: Math.round(point.x), y: Math.round(point.y) },
      { type: "pointerDown", button },
      { type: "pointerUp", button },
    ],
  };
  await perform(bidi, context, [pointer]);
}

/** Type text into whatever has focus, one key press per character (code point). */
export async function typeText(bidi: BidiConnection, context: string, text: string): Promise<void> {
  const actions = [...text].flatMap((value) => [
    { type: "keyDown", value },
    { type: "keyUp", value },
  ]);
  await perform(bidi, context, [{ type: "key", id: "grypt-keyboard", actions }]);
}

/** Press a chord: every key down in order, then up in reverse (e.g. Control, Shift, "e"). */
export async function pressChord(
  bidi: BidiConnection,
  context: string,
  keys: string[],
): Promise<void> {
  const actions = [
    ...keys.map((value) => ({ type: "keyDown", value })),
    ...[...keys].reverse().map((value) => ({ type: "keyUp", value })),
  ];
  await perform(bidi, context, [{ type: "key", id: "grypt-keyboard", actions }]);
}
