/** Turn typed words (console line or CLI arguments) into an admin request, checked by its schema. */
import { resolve } from "node:path";
import * as v from "valibot";
import { GryptError } from "../../shared/errors.ts";
import { type AdminRequest, AdminRequestSchema } from "./admin-messages.ts";

export const COMMAND_HELP: Record<string, string> = {
  status: "status              the group, its epoch, members and connections",
  pending: "pending             join requests waiting for a decision",
  approve: "approve <fp>        approve the request whose fingerprint starts with <fp>",
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

/** A fingerprint as printed (groups of four, or with colons) to its hex digits. */
function hexOnly(word: string): string {
  return word.replace(/[\s:]/g, "");
}

/** Words that are all groups of four hex digits: a fingerprint as printed (`ABDD DDEE 893B`), pasted without quotes. */
function isPrintedFingerprint(args: readonly string[]): boolean {
  return args.length > 1 && args.every((word) => /^[0-9a-fA-F]{4}$/.test(word));
}

/** The one key an approve, deny or unblock names: a single word, or a fingerprint as printed. */
function onePrefix(command: string, args: readonly string[]): string {
  if (args.length === 1) return hexOnly(args[0]!);
  if (isPrintedFingerprint(args)) return args.join("");
  return usage(command);
}

/**
 * The members a kick names, one per word; three or more groups of four are one fingerprint as
 * printed. Two groups of four could be either, and a wrong guess removes the wrong people.
 */
function kickPrefixes(args: string[]): string[] {
  if (!isPrintedFingerprint(args)) return args.map(hexOnly);
  if (args.length >= 3) return [args.join("")];
  throw new GryptError(
    "INVALID_ARGUMENT",
    `kick: is "${args.join(" ")}" one fingerprint or two members? Write one as ${args.join("")}, or name each member by 5 or more digits`,
  );
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
    case "kick":
      if (args.length === 0) usage(command);
      candidate = { type: "kick", prefixes: kickPrefixes(args) };
      break;
    case "approve":
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
