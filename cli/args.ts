/** The command line, parsed strictly: an unknown option or a misplaced one is a usage error. */
import { parseArgs } from "node:util";
import { GryptError } from "../shared/errors.ts";

export const COMMANDS = [
  "init",
  "join",
  "status",
  "encrypt",
  "decrypt",
  "fingerprint",
  "agent",
  "lock",
  "unlock",
] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliArgs {
  command: Command | "help" | "version";
  positionals: string[];
  data: string | undefined;
  passwordFile: string | undefined;
  name: string | undefined;
  group: string | undefined;
  noWait: boolean;
  offline: boolean;
  /** Milliseconds, when --timeout was given. */
  timeoutMs: number | undefined;
  /** agent: stop the running agent instead of starting one. */
  stop: boolean;
  /** agent: run in the background (the password is still asked here). */
  detach: boolean;
  /** agent: start without keys (unlock later with `grypt unlock`). */
  locked: boolean;
  /** agent: milliseconds without requests before it locks, when --lock-after was given. */
  lockAfterMs: number | undefined;
}

const OPTIONS = {
  data: { type: "string" },
  "password-file": { type: "string" },
  name: { type: "string" },
  group: { type: "string" },
  "no-wait": { type: "boolean" },
  offline: { type: "boolean" },
  timeout: { type: "string" },
  stop: { type: "boolean" },
  detach: { type: "boolean" },
  locked: { type: "boolean" },
  "lock-after": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

/** Options each command accepts besides --data, --password-file and --timeout. */
const ALLOWED: Record<Command, readonly string[]> = {
  init: ["name"],
  join: ["name", "no-wait"],
  status: ["offline"],
  encrypt: ["group", "offline"],
  decrypt: ["offline"],
  fingerprint: [],
  agent: ["stop", "detach", "locked", "lock-after"],
  lock: [],
  unlock: [],
};
const ARITY: Record<Command, number> = {
  init: 0,
  join: 1,
  status: 0,
  encrypt: 0,
  decrypt: 0,
  fingerprint: 0,
  agent: 0,
  lock: 0,
  unlock: 0,
};

function usage(message: string): GryptError {
  return new GryptError("INVALID_ARGUMENT", `${message} (see grypt --help)`);
}

function isCommand(word: string | undefined): word is Command {
  return (COMMANDS as readonly string[]).includes(word ?? "");
}

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usage(error instanceof Error ? error.message.split("\n")[0]! : "invalid arguments");
  }
  const { values, positionals } = parsed;
  const base = {
    positionals: positionals.slice(1),
    data: values.data,
    passwordFile: values["password-file"],
    name: values.name,
    group: values.group,
    noWait: values["no-wait"] === true,
    offline: values.offline === true,
    timeoutMs: parseTimeout(values.timeout),
    stop: values.stop === true,
    detach: values.detach === true,
    locked: values.locked === true,
    lockAfterMs: parseLockAfter(values["lock-after"]),
  };
  if (values.help || positionals[0] === "help") return { ...base, command: "help" };
  if (values.version) return { ...base, command: "version" };
  const word = positionals[0];
  if (word === undefined) throw usage("no command given");
  if (!isCommand(word)) throw usage(`unknown command "${word}"`);
  for (const option of [
    "name",
    "group",
    "no-wait",
    "offline",
    "stop",
    "detach",
    "locked",
    "lock-after",
  ] as const) {
    if (values[option] !== undefined && !ALLOWED[word].includes(option))
      throw usage(`--${option} does not apply to ${word}`);
  }
  if (base.positionals.length !== ARITY[word]) {
    throw usage(
      ARITY[word] === 0 ? `${word} takes no arguments` : `${word} takes ${ARITY[word]} argument`,
    );
  }
  return { ...base, command: word };
}

function parseTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,6}(\.\d+)?$/.test(text) || Number(text) <= 0)
    throw usage(`--timeout must be a positive number of seconds, got "${text}"`);
  return Math.round(Number(text) * 1000);
}

/** --lock-after: minutes (fractions allowed), as milliseconds. */
function parseLockAfter(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,6}(\.\d+)?$/.test(text) || Number(text) <= 0)
    throw usage(`--lock-after must be a positive number of minutes, got "${text}"`);
  return Math.max(1, Math.round(Number(text) * 60_000));
}
