/** Turn typed words (console line or CLI arguments) into an admin request, checked by its schema. */
import { resolve } from "node:path";
import * as v from "valibot";
import { GryptError } from "../../shared/errors.ts";
import { normalPrefix } from "../state/find-by-prefix.ts";
import { type AdminRequest, AdminRequestSchema } from "./admin-messages.ts";

export const COMMAND_HELP: Record<string, string> = {
  status: "status              the group, its epoch, members and connections",
  pending: "pending             join requests waiting for a decision",
  approve:
    "approve <fp>…       approve requests, each named by 16 or more hex digits of its fingerprint",
  deny: "deny <fp>           deny that request (the key is refused from then on)",
  members: "members             approved members (fingerprint, chosen name, online)",
  kick: "kick <fp> [<fp>…]   remove members and refuse their keys, then rotate to one new epoch",
  blocked: "blocked             denied and removed keys, refused when they connect",
  unblock: "unblock <fp>        lift that denial or removal (the key may then ask to join again)",
  rotate: "rotate [reason]     make a new epoch and push it to connected members",
  invite: "invite              one line with the URL and server fingerprint, for new members",
  backup:
    "backup <file>       write a complete copy of the group file (same password) to a new file",
  log: "log [n]             the last n events (default 20)",
  help: "help                this list",
};

export function commandHelp(): string {
  return Object.values(COMMAND_HELP).join("\n");
}

function usage(word: string): never {
  throw new GryptError("INVALID_ARGUMENT", `usage: ${COMMAND_HELP[word] ?? word}`);
}

/** Words that are all groups of four hex digits: a fingerprint as printed (`ABDD DDEE 893B`), pasted without quotes. */
function isPrintedFingerprint(args: readonly string[]): boolean {
  return args.length > 1 && args.every((word) => /^[0-9a-fA-F]{4}$/.test(word));
}

/**
 * A prefix as typed, checked: hex digits (groups of four and colons allowed), at least 16 of
 * them, else an error that says why (find-by-prefix.ts).
 */
function checkedPrefix(command: string, word: string): string {
  try {
    return normalPrefix(word);
  } catch (error) {
    if (error instanceof GryptError)
      throw new GryptError(error.code, `${command}: ${error.message}`);
    throw error;
  }
}

/** The one key a deny or unblock names: a single word, or a fingerprint as printed. */
function onePrefix(command: string, args: readonly string[]): string {
  if (args.length === 1) return checkedPrefix(command, args[0]!);
  if (isPrintedFingerprint(args)) return checkedPrefix(command, args.join(""));
  return usage(command);
}

/**
 * The keys an approve or kick names, one per word; words that are all groups of four are one
 * fingerprint as printed (one group is too short to name a key by itself).
 */
function severalPrefixes(command: string, args: readonly string[]): string[] {
  if (args.length === 0) usage(command);
  const words = isPrintedFingerprint(args) ? [args.join("")] : args;
  return words.map((word) => checkedPrefix(command, word));
}

export function parseCommandWords(words: string[]): AdminRequest {
  const [command = "", ...args] = words;
  let candidate: unknown;
  switch (command) {
    case "status":
    case "pending":
    case "members":
    case "blocked":
    case "invite":
      if (args.length > 0) usage(command);
      candidate = { type: command };
      break;
    case "approve":
    case "kick":
      candidate = { type: command, prefixes: severalPrefixes(command, args) };
      break;
    case "deny":
    case "unblock":
      candidate = { type: command, prefix: onePrefix(command, args) };
      break;
    case "rotate":
      candidate = args.length > 0 ? { type: "rotate", reason: args.join(" ") } : { type: "rotate" };
      break;
    case "backup":
      if (args.length !== 1) usage(command);
      // Relative to where the command is typed: the console's or the admin CLI's directory.
      candidate = { type: "backup", path: resolve(args[0]!) };
      break;
    case "log":
      if (args.length > 1 || (args[0] !== undefined && !/^\d+$/.test(args[0]))) usage(command);
      candidate = args[0] ? { type: "log", limit: Number(args[0]) } : { type: "log" };
      break;
    default:
      throw new GryptError(
        "INVALID_ARGUMENT",
        `unknown command "${command.slice(0, 40)}" (try: help)`,
      );
  }
  const result = v.safeParse(AdminRequestSchema, candidate);
  if (!result.success)
    throw new GryptError("INVALID_ARGUMENT", `${command}: ${result.issues[0].message}`);
  return result.output;
}
