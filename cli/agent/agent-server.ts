/**
 * The agent's socket: a Unix socket created under umask 0177 (mode 0600 from the moment it
 * exists) in a directory only this user can open. Each connection first proves its peer's user
 * id (peer-proof.ts); then every line is a request, parsed with the agent schema and answered in
 * order. A malformed request gets an error and the connection goes on; an oversized one gets an
 * error and the connection is closed. Other connections never notice.
 */

import { unlink } from "node:fs/promises";
import { createServer, type Socket } from "node:net";
import * as v from "valibot";
import { listenPrivately } from "../../node-only/listen-private.ts";
import { toWireError } from "../../shared/errors.ts";
import {
  AgentProofSchema,
  type AgentRequest,
  AgentRequestSchema,
  type AgentResponse,
  MAX_AGENT_REQUEST,
} from "./agent-messages.ts";
import { LineReader } from "./line-reader.ts";
import { checkProof, discardProof, newNonce } from "./peer-proof.ts";

export type AgentHandler = (request: AgentRequest) => Promise<AgentResponse>;

/** A connection that sends nothing for this long (with nothing under way) is closed. */
export const AGENT_CONNECTION_IDLE_MS = 10 * 60_000;

type Parsed<T> = { type: "ok"; value: T } | { type: "bad"; error: AgentResponse };

function parseLine<T>(line: string, schema: v.GenericSchema<unknown, T>): Parsed<T> {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    const error = { code: "MESSAGE_NOT_JSON", message: "agent request is not JSON" } as const;
    return { type: "bad", error: { type: "error", ...error } };
  }
  const parsed = v.safeParse(schema, data);
  if (parsed.success) return { type: "ok", value: parsed.output };
  const issue = parsed.issues[0];
  const at = issue.path?.map((p) => String(p.key)).join(".");
  const message = `invalid agent request: ${at ? `${at}: ` : ""}${issue.message}`.slice(0, 300);
  return { type: "bad", error: { type: "error", code: "MESSAGE_INVALID", message } };
}

/** The first line: the proof for this connection's nonce, checked on disk. */
async function proves(line: string, dir: string, nonce: string): Promise<boolean> {
  const proof = parseLine(line, AgentProofSchema);
  return proof.type === "ok" && proof.value.nonce === nonce && checkProof(dir, nonce);
}

async function respond(line: string, handle: AgentHandler): Promise<AgentResponse> {
  const request = parseLine(line, AgentRequestSchema);
  if (request.type === "bad") return request.error;
  try {
    return await handle(request.value);
  } catch (error) {
    return { type: "error", ...toWireError(error) };
  }
}

function serve(socket: Socket, dir: string, handle: AgentHandler): void {
  const nonce = newNonce();
  const reader = new LineReader(MAX_AGENT_REQUEST);
  let proven: boolean | undefined;
  let queue = Promise.resolve();
  let underWay = 0;
  let idle: NodeJS.Timeout | undefined;
  const wait = () => {
    clearTimeout(idle);
    idle =
      underWay === 0 ? setTimeout(() => socket.destroy(), AGENT_CONNECTION_IDLE_MS) : undefined;
  };
  const send = (response: AgentResponse) => {
    if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(response)}\n`);
  };
  const answer = async (line: string): Promise<void> => {
    if (proven === false) return;
    if (proven === undefined) {
      proven = await proves(line, dir, nonce);
      if (!proven) {
        const message = "refused: the connecting process does not run as the agent's user";
        send({ type: "error", code: "LOCKED", message });
        socket.end();
      }
      return;
    }
    send(await respond(line, handle));
  };
  socket.setEncoding("utf8");
  socket.on("error", () => undefined);
  socket.on("close", () => {
    clearTimeout(idle);
    if (proven === undefined) void discardProof(dir, nonce);
  });
  socket.write(`${JSON.stringify({ type: "challenge", nonce })}\n`);
  wait();
  const onData = (chunk: string) => {
    const lines = reader.push(chunk);
    if (lines === "too-large") {
      socket.off("data", onData);
      queue = queue.then(() => {
        send({ type: "error", code: "MESSAGE_TOO_LARGE", message: "agent request too long" });
        socket.end();
      });
      return;
    }
    for (const line of lines) {
      underWay++;
      queue = queue.then(async () => {
        await answer(line);
        underWay--;
        wait();
      });
    }
    wait();
  };
  socket.on("data", onData);
}

export interface AgentServer {
  close(): Promise<void>;
}

/** Listen at `path` (its directory already checked private) and serve every connection. */
export async function startAgentServer(
  path: string,
  dir: string,
  handle: AgentHandler,
  onError: (message: string) => void,
): Promise<AgentServer> {
  const connections = new Set<Socket>();
  const server = createServer((socket) => {
    connections.add(socket);
    socket.once("close", () => connections.delete(socket));
    serve(socket, dir, handle);
  });
  server.on("error", (error) => onError(`agent socket error: ${error.message}`));
  await listenPrivately(server, path, "the agent socket", "STORAGE_FAILED");
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Let the last answers (a stop's) reach their callers, then cut what is left.
        for (const socket of connections) {
          socket.end();
          setTimeout(() => socket.destroy(), 1000).unref();
        }
        unlink(path).catch(() => undefined);
      }),
  };
}
