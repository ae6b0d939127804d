/**
 * The admin console on the server's own terminal: readline with a prompt, `help`, completion of
 * commands and fingerprints, and a confirmation before a kick. Log lines are printed above the
 * prompt without breaking what is being typed. The end of input (Ctrl-D) or a terminal that goes
 * away stops the server cleanly, like `quit`; output to a terminal that is gone is dropped.
 */
import { createInterface, type Interface } from "node:readline";
import { toWireError } from "../../shared/errors.ts";
import type { GroupService } from "../group/group-service.ts";
import { blockedKeys } from "../state/blocked-keys.ts";
import { findAllByPrefix } from "../state/find-by-prefix.ts";
import type { AdminRequest, AdminResponse } from "./admin-messages.ts";
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

function completer(service: GroupService) {
  return (line: string): [string[], string] => {
    const words = line.split(/\s+/);
    if (words.length <= 1) {
      const hits = Object.keys(COMMAND_HELP).filter((c) => c.startsWith(line));
      return [hits.map((c) => `${c} `), line];
    }
    const [command, partial = ""] = [words[0], words[words.length - 1] ?? ""];
    const pool = completionPool(service, command);
    const hits = pool
      .filter((fp) => fp.startsWith(partial.toLowerCase()))
      .map((fp) => fp.slice(0, 16));
    return [hits, partial];
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
