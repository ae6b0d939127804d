/**
 * The admin console on the server's own terminal: readline with a prompt, `help`, completion of
 * commands and fingerprints, and a confirmation before an approval (each request shown in full)
 * and before a kick. Log lines are printed above the prompt without breaking what is being
 * typed. The end of input (Ctrl-D) or a terminal that goes away stops the server cleanly, like
 * `quit`; output to a terminal that is gone is dropped.
 */
import { createInterface, type Interface } from "node:readline";
import { toWireError } from "../../shared/errors.ts";
import type { GroupService } from "../group/group-service.ts";
import { pendingView } from "../group/group-views.ts";
import { blockedKeys } from "../state/blocked-keys.ts";
import { findAllByPrefix, MIN_PREFIX_DIGITS } from "../state/find-by-prefix.ts";
import type { AdminRequest, AdminResponse } from "./admin-messages.ts";
import { approveQuestion } from "./approve-question.ts";
import { formatResponse } from "./format.ts";
import { kickQuestion } from "./kick-question.ts";
import { COMMAND_HELP, commandHelp, parseCommandWords } from "./parse-command.ts";

const QUIT_HELP =
  "quit                stop the server (so do Ctrl-C, Ctrl-D and closing the terminal)";

export interface AdminConsole {
  /** Print a log line above the prompt. */
  write(line: string): void;
  close(): void;
}

/** The fingerprints a command's argument may name. */
function completionPool(service: GroupService, command: string | undefined): string[] {
  switch (command) {
    case "approve":
    case "deny":
      return service.state.pending.map((p) => p.fingerprint);
    case "kick":
      return service.state.members.map((m) => m.fingerprint);
    case "unblock":
      return blockedKeys(service.state).map((b) => b.fingerprint);
    default:
      return [];
  }
}

/**
 * Completion of a fingerprint argument: what is typed of it (a word, or groups of four as the
 * member's screen shows them: `7F3A 9C`) is completed to MIN_PREFIX_DIGITS digits, the least a
 * command takes (or to the end of the group being typed beyond them), in the same form and
 * case; several candidates complete as far as they agree, and a second Tab lists them.
 */
export function completeFingerprint(
  pool: readonly string[],
  args: readonly string[],
): [string[], string] {
  const partial = args.at(-1) ?? "";
  const earlier = args.slice(0, -1);
  // "7f3a 9c12 0b": groups of four before the word being typed belong to the same fingerprint.
  const grouped =
    earlier.length > 0 &&
    earlier.every((w) => /^[0-9a-fA-F]{4}$/.test(w)) &&
    /^[0-9a-fA-F]{0,4}$/.test(partial);
  const typed = grouped ? earlier.join("") + partial : partial;
  const wanted = typed.toLowerCase();
  const upper = /[A-F]/.test(typed) && !/[a-f]/.test(typed);
  const from = typed.length - partial.length;
  const shown = (fp: string) => {
    const end = grouped
      ? Math.max(MIN_PREFIX_DIGITS, Math.ceil(typed.length / 4) * 4)
      : Math.max(MIN_PREFIX_DIGITS, typed.length);
    const digits = fp.slice(from, end);
    const text = grouped ? (digits.match(/.{1,4}/g) ?? []).join(" ") : digits;
    return upper ? text.toUpperCase() : text;
  };
  return [pool.filter((fp) => fp.startsWith(wanted)).map(shown), partial];
}

function completer(service: GroupService) {
  return (line: string): [string[], string] => {
    const words = line.split(/\s+/);
    if (words.length <= 1) {
      const hits = Object.keys(COMMAND_HELP).filter((c) => c.startsWith(line));
      return [hits.map((c) => `${c} `), line];
    }
    return completeFingerprint(completionPool(service, words[0]), words.slice(1));
  };
}

export function startConsole(
  service: GroupService,
  execute: (request: AdminRequest) => Promise<AdminResponse>,
  onExit: () => void,
): AdminConsole {
  survivesHangup();
  const rl: Interface = createInterface({
    input: process.stdin,
    output: process.stdout,
    completer: completer(service),
  });
  rl.setPrompt("grypt> ");
  let asking = false;
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      asking = true;
      rl.question(question, (answer) => {
        asking = false;
        resolve(answer);
      });
    });

  const handle = async (line: string) => {
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    if (words[0] === "help") return console.log(`${commandHelp()}\n${QUIT_HELP}`);
    if (words[0] === "quit" || words[0] === "exit") return onExit();
    const request = parseCommandWords(words);
    if (request.type === "approve") {
      const pending = pendingView(service);
      const requests = findAllByPrefix(pending, request.prefixes, "pending request");
      const sinceJoin = service.state.history === "since-join";
      const answer = await ask(approveQuestion(requests, pending, { sinceJoin }));
      if (!/^y(es)?$/i.test(answer.trim())) return console.log("Not approved.");
      return console.log(
        formatResponse(
          await execute({ type: "approve", prefixes: requests.map((r) => r.fingerprint) }),
        ),
      );
    }
    if (request.type === "kick") {
      const members = findAllByPrefix(service.state.members, request.prefixes, "member");
      const answer = await ask(kickQuestion(members));
      if (!/^y(es)?$/i.test(answer.trim())) return console.log("Not removed.");
      return console.log(
        formatResponse(
          await execute({ type: "kick", prefixes: members.map((m) => m.fingerprint) }),
        ),
      );
    }
    console.log(formatResponse(await execute(request)));
  };

  let chain = Promise.resolve();
  rl.on("line", (line) => {
    if (asking) return;
    rl.pause();
    chain = chain
      .then(() => handle(line))
      .catch((error) => console.log(`error: ${toWireError(error).message}`))
      .finally(() => {
        rl.resume();
        rl.prompt();
      });
  });
  rl.on("SIGINT", onExit);
  let closed = false;
  rl.on("close", () => {
    if (!closed) onExit();
  });
  console.log('Admin console ready; type "help" for the commands.');
  rl.prompt();
  return {
    write(line: string) {
      if (closed) return void process.stdout.write(`${line}\n`);
      process.stdout.write("\r\u001b[K");
      process.stdout.write(`${line}\n`);
      if (!asking) rl.prompt(true);
    },
    close: () => {
      closed = true;
      rl.close();
    },
  };
}

/**
 * A terminal that hangs up fails reads, writes and readline's own reset of raw mode with EIO;
 * unhandled, any of them kills the server in the middle of its clean stop.
 */
function survivesHangup(): void {
  const ignore = () => undefined;
  const stdin = process.stdin;
  for (const stream of [stdin, process.stdout, process.stderr]) stream.on("error", ignore);
  const setRawMode = stdin.setRawMode?.bind(stdin);
  if (!setRawMode) return;
  stdin.setRawMode = (mode: boolean) => {
    try {
      return setRawMode(mode);
    } catch {
      return stdin;
    }
  };
}
