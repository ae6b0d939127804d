/**
 * The WebDriver BiDi wire shapes the Firefox harness reads, as valibot schemas (Firefox is a
 * separate process: everything it sends is parsed, never cast), and the conversion between
 * BiDi's serialized values and plain JSON-like values.
 */
import * as v from "valibot";

const Params = v.record(v.string(), v.unknown());

const CommandSuccess = v.looseObject({
  type: v.literal("success"),
  id: v.number(),
  result: Params,
});
const CommandError = v.looseObject({
  type: v.literal("error"),
  id: v.nullable(v.number()),
  error: v.string(),
  message: v.string(),
});
const EventMessage = v.looseObject({
  type: v.literal("event"),
  method: v.string(),
  params: Params,
});

/** Every message Firefox's BiDi endpoint sends: a command's answer, an error or an event. */
export const IncomingMessage = v.variant("type", [CommandSuccess, CommandError, EventMessage]);
export type IncomingMessage = v.InferOutput<typeof IncomingMessage>;

/** A value a test passes into or reads out of a page: what JSON can carry, plus undefined. */
export type PlainValue =
  | undefined
  | null
  | boolean
  | number
  | string
  | PlainValue[]
  | { [key: string]: PlainValue };

/** BiDi's serialization of a page value (the subset this harness converts; nodes keep their id). */
export interface RemoteValue {
  type: string;
  value?: unknown;
  sharedId?: string | undefined;
}
export const RemoteValue = v.looseObject({
  type: v.string(),
  value: v.optional(v.unknown()),
  sharedId: v.optional(v.string()),
});

const SPECIAL_NUMBERS: Record<string, number> = {
  NaN: Number.NaN,
  "-0": -0,
  Infinity: Infinity,
  "-Infinity": -Infinity,
};

/** Turn a BiDi RemoteValue into a plain value; throws on values that have no plain form. */
export function fromRemoteValue(input: unknown): PlainValue {
  const remote = v.parse(RemoteValue, input);
  switch (remote.type) {
    case "undefined":
      return undefined;
    case "null":
      return null;
    case "string":
      return v.parse(v.string(), remote.value);
    case "boolean":
      return v.parse(v.boolean(), remote.value);
    case "number": {
      const n = v.parse(
        v.union([v.number(), v.picklist(Object.keys(SPECIAL_NUMBERS))]),
        remote.value,
      );
      return typeof n === "number" ? n : SPECIAL_NUMBERS[n]!;
    }
    case "array":
      return v.parse(v.optional(v.array(v.unknown()), []), remote.value).map(fromRemoteValue);
    case "object": {
      const entries = v.parse(
        v.optional(v.array(v.tuple([v.unknown(), v.unknown()])), []),
        remote.value,
      );
      const out: { [key: string]: PlainValue } = {};
      for (const [key, value] of entries) {
        const name = typeof key === "string" ? key : String(fromRemoteValue(key));
        out[name] = fromRemoteValue(value);
      }
      return out;
    }
    default:
      throw new Error(
        `page returned a ${remote.type}, which has no plain form (return JSON-like data)`,
      );
  }
}

/** Turn a plain value into a BiDi LocalValue (an argument of script.callFunction). */
export function toLocalValue(value: PlainValue): Record<string, unknown> {
  if (value === undefined) return { type: "undefined" };
  if (value === null) return { type: "null" };
  if (typeof value === "string") return { type: "string", value };
  if (typeof value === "boolean") return { type: "boolean", value };
  if (typeof value === "number") {
    if (Object.is(value, -0)) return { type: "number", value: "-0" };
    return { type: "number", value: Number.isFinite(value) ? value : String(value) };
  }
  if (Array.isArray(value)) return { type: "array", value: value.map(toLocalValue) };
  return {
    type: "object",
    value: Object.entries(value).map(([key, item]) => [key, toLocalValue(item)]),
  };
}

/** The answer of script.evaluate / script.callFunction. */
export const EvaluateResult = v.variant("type", [
  v.looseObject({ type: v.literal("success"), result: v.unknown() }),
  v.looseObject({
    type: v.literal("exception"),
    exceptionDetails: v.looseObject({ text: v.string(), lineNumber: v.optional(v.number()) }),
  }),
]);

/** A top-level browsing context (a tab) as browsingContext.getTree lists it. */
export const ContextInfo = v.looseObject({ context: v.string(), url: v.string() });
export type ContextInfo = v.InferOutput<typeof ContextInfo>;
export const TreeResult = v.looseObject({ contexts: v.array(ContextInfo) });

export const CreateResult = v.looseObject({ context: v.string() });
export const InstallResult = v.looseObject({ extension: v.string() });

/** A log.entryAdded event (console messages and uncaught errors of pages). */
export const LogEntry = v.looseObject({
  level: v.string(),
  text: v.nullable(v.string()),
  type: v.string(),
  source: v.looseObject({ context: v.optional(v.string()) }),
});
export type LogEntry = v.InferOutput<typeof LogEntry>;
