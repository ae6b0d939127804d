/**
 * `grypt-server admin <command> [args]` (also `grypt-admin`): one admin command against the
 * running server through its admin socket. People get text; --json gives the response as JSON.
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { GryptError, toWireError } from "../../shared/errors.ts";
import { escapeUnsafe, inertJson } from "../../shared/inert-text.ts";
import { GRYPT_VERSION } from "../../shared/version.ts";
import { defaultDataFile } from "../config/options.ts";
import { findAllByPrefix } from "../state/find-by-prefix.ts";
import { sendAdminRequest } from "./admin-client.ts";
import type { AdminResponse } from "./admin-messages.ts";
import { approveQuestion } from "./approve-question.ts";
import { formatResponse } from "./format.ts";
import { kickQuestion } from "./kick-question.ts";
import { commandHelp, parseCommandWords } from "./parse-command.ts";

export const ADMIN_USAGE = `Usage: grypt-server admin <command> [args] [options]

Commands:
${commandHelp()}

Options:
  --json                machine-readable output (one JSON object)
  -y, --yes             do not ask before approving or kicking; an approve that is not on a
                        terminal needs it (nobody could be asked), a kick does not
  --data FILE           the group file of the server to talk to (GRYPT_DATA)
  --admin-socket PATH   its admin socket (GRYPT_ADMIN_SOCKET; default FILE.sock)
  --version             print the version
`;

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: "boolean" },
      yes: { type: "boolean", short: "y" },
      data: { type: "string" },
      "admin-socket": { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean" },
    },
  });
}

export async function runAdminCli(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let json = argv.includes("--json");
  const print = (response: AdminResponse) => {
    process.stdout.write(`${json ? inertJson(response) : formatResponse(response)}\n`);
    return response.type === "error" ? 1 : 0;
  };
  try {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(argv);
    } catch (error) {
      throw new GryptError(
        "INVALID_ARGUMENT",
        `${error instanceof Error ? error.message : "bad arguments"} (see --help)`,
      );
    }
    json = parsed.values.json === true;
    if (parsed.values.version) {
      process.stdout.write(`grypt-admin ${GRYPT_VERSION}\n`);
      return 0;
    }
    if (parsed.values.help || parsed.positionals.length === 0 || parsed.positionals[0] === "help") {
      process.stdout.write(ADMIN_USAGE);
      return 0;
    }
    const dataFile = parsed.values.data ?? env.GRYPT_DATA ?? defaultDataFile(env);
    const socket = parsed.values["admin-socket"] ?? env.GRYPT_ADMIN_SOCKET ?? `${dataFile}.sock`;
    const request = parseCommandWords(parsed.positionals);
    if (request.type === "approve" && !parsed.values.yes) {
      if (!process.stdin.isTTY) {
        throw new GryptError(
          "INVALID_ARGUMENT",
          "approve asks before the keys go out, and there is no terminal to ask on: check the request " +
            "(grypt-admin pending), then run the approve again with --yes",
        );
      }
      const [list, status] = [
        await sendAdminRequest(socket, { type: "pending" }),
        await sendAdminRequest(socket, { type: "status" }),
      ];
      if (list.type !== "pending") return print(list);
      if (status.type !== "status") return print(status);
      const requests = findAllByPrefix(list.requests, request.prefixes, "pending request");
      const sinceJoin = status.history === "since-join";
      if (!(await confirm(approveQuestion(requests, list.requests, { sinceJoin })))) {
        process.stderr.write("Not approved.\n");
        return 1;
      }
      return print(
        await sendAdminRequest(socket, {
          type: "approve",
          prefixes: requests.map((r) => r.fingerprint),
        }),
      );
    }
    if (request.type === "kick" && process.stdin.isTTY && !parsed.values.yes) {
      const list = await sendAdminRequest(socket, { type: "members" });
      if (list.type !== "members") return print(list);
      const members = findAllByPrefix(list.members, request.prefixes, "member");
      const ok = await confirm(kickQuestion(members));
      if (!ok) {
        process.stderr.write("Not removed.\n");
        return 1;
      }
      return print(
        await sendAdminRequest(socket, {
          type: "kick",
          prefixes: members.map((m) => m.fingerprint),
        }),
      );
    }
    return print(await sendAdminRequest(socket, request));
  } catch (error) {
    const wire = toWireError(error);
    if (json) process.stdout.write(`${inertJson({ type: "error", ...wire })}\n`);
    else process.stderr.write(`grypt-server admin: ${escapeUnsafe(wire.message)}\n`);
    return 1;
  }
}
