/**
 * The command line's side of the agent socket: check the socket is this user's own
 * (private-dir.ts), connect, answer the challenge with a proof of this user's id, then send
 * requests one at a time and parse each answer with the agent schema.
 */
import { createConnection, type Socket } from "node:net";
import * as v from "valibot";
import { GryptError } from "../../shared/errors.ts";
import {
  AgentChallengeSchema,
  type AgentRequest,
  type AgentResponse,
  AgentResponseSchema,
  MAX_AGENT_RESPONSE,
} from "./agent-messages.ts";
import { agentDirectory } from "./agent-paths.ts";
import { LineReader } from "./line-reader.ts";
import { writeProof } from "./peer-proof.ts";
import { checkAgentSocket } from "./private-dir.ts";

/** What was found at the socket path. */
export type AgentLookup =
  | { type: "none" }
  /** A socket file no agent answers on (one that ended without removing it). */
  | { type: "stale"; reason: string }
  /** Something there that must not be trusted: another user's, or a mode others could use. */
  | { type: "untrusted"; reason: string }
  | { type: "agent"; connection: AgentConnection };

function parse<T>(line: string, schema: v.GenericSchema<unknown, T>): T {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    throw new GryptError("MESSAGE_NOT_JSON", "the agent's answer is not JSON");
  }
  const parsed = v.safeParse(schema, data);
  if (!parsed.success)
    throw new GryptError("MESSAGE_INVALID", "the agent's answer has an unexpected shape");
  return parsed.output;
}

export class AgentConnection {
  readonly path: string;
  readonly #socket: Socket;
  readonly #timeoutMs: number;
  readonly #reader = new LineReader(MAX_AGENT_RESPONSE);
  readonly #lines: string[] = [];
  #waiter: ((line: string | GryptError) => void) | undefined;
  #broken: GryptError | undefined;

  private constructor(path: string, socket: Socket, timeoutMs: number) {
    this.path = path;
    this.#socket = socket;
    this.#timeoutMs = timeoutMs;
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      const lines = this.#reader.push(chunk);
      if (lines === "too-large")
        return this.#fail(new GryptError("MESSAGE_TOO_LARGE", "the agent's answer is too long"));
      for (const line of lines) this.#deliver(line);
    });
    socket.on("error", () => undefined);
    socket.on("close", () =>
      this.#fail(new GryptError("CONNECTION_CLOSED", "the agent closed the connection")),
    );
  }

  /** Find and open the agent at `path`. */
  static async find(path: string, timeoutMs = 60_000): Promise<AgentLookup> {
    const dir = agentDirectory(path);
    const check = await checkAgentSocket(dir, path);
    if (check.type === "absent") return { type: "none" };
    if (check.type === "untrusted") return check;
    const socket = await new Promise<Socket | string>((resolve) => {
      const socket = createConnection(path);
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
      socket.once("connect", () => {
        socket.removeAllListeners("error");
        resolve(socket);
      });
    });
    if (typeof socket === "string")
      return { type: "stale", reason: `no agent answers at ${path} (${socket})` };
    const connection = new AgentConnection(path, socket, timeoutMs);
    const challenge = parse(await connection.#next(), AgentChallengeSchema);
    await writeProof(dir, challenge.nonce);
    connection.#socket.write(`${JSON.stringify({ type: "proof", nonce: challenge.nonce })}\n`);
    return { type: "agent", connection };
  }

  /** Send one request; its answer, parsed (an error answer is returned, not thrown). */
  async request(request: AgentRequest): Promise<AgentResponse> {
    if (this.#broken) throw this.#broken;
    this.#socket.write(`${JSON.stringify(request)}\n`);
    return parse(await this.#next(), AgentResponseSchema);
  }

  close(): void {
    this.#socket.destroy();
  }

  #next(): Promise<string> {
    const line = this.#lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.#broken) return Promise.reject(this.#broken);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.#fail(new GryptError("TIMEOUT", "the agent did not answer in time")),
        this.#timeoutMs,
      );
      this.#waiter = (got) => {
        clearTimeout(timer);
        this.#waiter = undefined;
        if (got instanceof GryptError) reject(got);
        else resolve(got);
      };
    });
  }

  #deliver(line: string): void {
    if (this.#waiter) this.#waiter(line);
    else this.#lines.push(line);
  }

  #fail(error: GryptError): void {
    this.#broken ??= error;
    this.#socket.destroy();
    this.#waiter?.(this.#broken);
  }
}
