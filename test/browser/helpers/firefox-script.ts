/**
 * Running script in a Firefox browsing context over BiDi (script.evaluate / script.callFunction)
 * and reading the result back through a valibot schema. Page exceptions become Errors carrying
 * the page's own message.
 */
import * as v from "valibot";
import type { BidiConnection } from "./firefox-bidi-connection.ts";
import {
  EvaluateResult,
  fromRemoteValue,
  type PlainValue,
  RemoteValue,
  toLocalValue,
} from "./firefox-bidi-protocol.ts";

export interface ScriptOptions {
  /** Give the call transient user activation (lets a page open popups, focus, ...). */
  userActivation?: boolean;
  /** Evaluate in a named sandbox instead of the page's own realm. */
  sandbox?: string;
}

type Schema<T> = v.GenericSchema<unknown, T>;

function target(context: string, options: ScriptOptions): Record<string, unknown> {
  return options.sandbox === undefined ? { context } : { context, sandbox: options.sandbox };
}

function unwrap(method: string, raw: Record<string, unknown>): unknown {
  const result = v.parse(EvaluateResult, raw);
  if (result.type === "exception")
    throw new Error(`${method} threw in the page: ${result.exceptionDetails.text}`);
  return result.result;
}

/** Evaluate an expression (promises are awaited) and parse its value. */
export async function evaluate<T>(
  bidi: BidiConnection,
  context: string,
  expression: string,
  schema: Schema<T>,
  options: ScriptOptions = {},
): Promise<T> {
  const raw = await bidi.command("script.evaluate", {
    expression,
    target: target(context, options),
    awaitPromise: true,
    resultOwnership: "none",
    userActivation: options.userActivation ?? false,
  });
  return v.parse(schema, fromRemoteValue(unwrap("script.evaluate", raw)));
}

/** Call a function declaration (source text) with plain arguments and parse its value. */
export async function callFunction<T>(
  bidi: BidiConnection,
  context: string,
  functionDeclaration: string,
  args: PlainValue[],
  schema: Schema<T>,
  options: ScriptOptions = {},
): Promise<T> {
  const raw = await bidi.command("script.callFunction", {
    functionDeclaration,
    arguments: args.map(toLocalValue),
    target: target(context, options),
    awaitPromise: true,
    resultOwnership: "none",
    userActivation: options.userActivation ?? false,
  });
  return v.parse(schema, fromRemoteValue(unwrap("script.callFunction", raw)));
}

/** The BiDi shared id of the first element matching a CSS selector (for input actions). */
export async function elementId(
  bidi: BidiConnection,
  context: string,
  selector: string,
): Promise<string> {
  const raw = await bidi.command("script.callFunction", {
    functionDeclaration: "(selector) => document.querySelector(selector)",
    arguments: [toLocalValue(selector)],
    target: { context },
    awaitPromise: false,
    resultOwnership: "none",
  });
  const remote = v.parse(RemoteValue, unwrap("script.callFunction", raw));
  if (remote.type !== "node" || remote.sharedId === undefined)
    throw new Error(`no element matches ${selector}`);
  return remote.sharedId;
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Said in the timeout error, e.g. "the feed to be decrypted". */
  what?: string;
}

/**
 * Poll an expression until it yields something other than null, undefined or false, and
 * parse that. The last value seen goes into the timeout error.
 */
export async function waitForValue<T>(
  bidi: BidiConnection,
  context: string,
  expression: string,
  schema: Schema<T>,
  options: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let last = "nothing yet";
  for (;;) {
    try {
      const value = await evaluate(bidi, context, expression, v.unknown());
      if (value !== null && value !== undefined && value !== false) return v.parse(schema, value);
      last = JSON.stringify(value) ?? "undefined";
    } catch (error) {
      // Navigations destroy the realm mid-call; keep polling until the deadline.
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${options.what ?? expression} (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
