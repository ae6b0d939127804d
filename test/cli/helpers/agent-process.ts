/** Start `grypt agent` as a real process on a socket of its own, and talk to its socket raw. */
import { createConnection, type Socket } from "node:net";
import { dirname } from "node:path";
import { writeProof } from "../../../cli/agent/peer-proof.ts";
import {
  type CliResult,
  type CliRun,
  eventually,
  grypt,
  startGrypt,
} from "../../helpers/grypt-cli.ts";

export interface AgentProcess {
  run: CliRun;
  sock: string;
  /** Environment that points grypt at this agent. */
  env: NodeJS.ProcessEnv;
  stderr(): string;
  /** SIGTERM, then the exit. */
  stop(): Promise<CliResult>;
}

export async function startAgent(
  data: string,
  sock: string,
  options: { args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<AgentProcess> {
  const env = { GRYPT_AGENT_SOCK: sock, ...options.env };
  const run = startGrypt(["agent", "--data", data, ...(options.args ?? [])], {
    env,
    timeoutMs: 600_000,
  });
  const reap = () => run.signal("SIGKILL");
  process.once("exit", reap);
  void run.done.then(() => process.off("exit", reap));
  let exited: CliResult | undefined;
  void run.done.then((result) => (exited = result));
  await eventually(() => exited !== undefined || run.output().stdout.includes("GRYPT_AGENT_SOCK="));
  if (exited) throw new Error(`agent exited with ${exited.code}: ${exited.stderr}`);
  return {
    run,
    sock,
    env,
    stderr: () => run.output().stderr,
    stop: () => {
      run.signal("SIGTERM");
      return run.done;
    },
  };
}

/** grypt with the agent's environment and no password available. */
export function viaAgent(agent: AgentProcess, args: string[], input?: string): Promise<CliResult> {
  return grypt(args, { input, env: { ...agent.env, GRYPT_PASSWORD: undefined } });
}

/** A raw connection to an agent socket: lines out, lines in. */
export interface RawAgent {
  socket: Socket;
  challenge: string;
  send(text: string): void;
  /** The next line the agent sends, parsed. */
  next(): Promise<Record<string, unknown>>;
  closed: Promise<void>;
}

export async function rawAgent(sock: string, prove = true): Promise<RawAgent> {
  const socket = createConnection(sock);
  socket.setEncoding("utf8");
  socket.on("error", () => undefined);
  let buffer = "";
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  socket.on("data", (chunk: string) => {
    buffer += chunk;
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const next = async () => {
    const line =
      lines.shift() ??
      (await Promise.race([
        new Promise<string>((resolve) => waiters.push(resolve)),
        closed.then(() => {
          throw new Error("agent closed the connection");
        }),
      ]));
    return JSON.parse(line) as Record<string, unknown>;
  };
  const challenge = String((await next()).nonce);
  const raw: RawAgent = {
    socket,
    challenge,
    send: (text) => socket.write(text),
    next,
    closed,
  };
  if (prove) {
    await writeProof(dirname(sock), challenge);
    raw.send(`${JSON.stringify({ type: "proof", nonce: challenge })}\n`);
  }
  return raw;
}
