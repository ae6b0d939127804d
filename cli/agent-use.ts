/**
 * How commands use a running agent: find it at $GRYPT_AGENT_SOCK or the default path, check it
 * serves this command's member file, and ask. Without an agent (none, a stale socket, one for
 * another member file) the helpers return undefined and the command works as it always did.
 */
import { fromWireError, GryptError } from "../shared/errors.ts";
import { formatPostToken, type PostToken } from "../shared/post-token.ts";
import { AgentConnection } from "./agent/agent-client.ts";
import {
  type AgentRequest,
  type AgentResponse,
  MAX_DECRYPT_BATCH_CHARS,
  MAX_DECRYPT_BATCH_TOKENS,
  type StatusView,
  type TokenResult,
} from "./agent/agent-messages.ts";
import { agentSocketPath } from "./agent/agent-paths.ts";
import type { CliContext } from "./context.ts";

/** An answer of the type asked for; an error answer is thrown as the GryptError it names. */
export function expect<T extends AgentResponse["type"]>(
  response: AgentResponse,
  type: T,
): Extract<AgentResponse, { type: T }> {
  if (response.type === "error") throw fromWireError(response);
  if (response.type !== type)
    throw new GryptError("MESSAGE_UNEXPECTED", `the agent answered ${response.type} to a request`);
  return response as Extract<AgentResponse, { type: T }>;
}

/** The agent at the socket path, whatever member file it serves; undefined when none answers. */
export async function anyAgent(ctx: CliContext): Promise<AgentConnection | undefined> {
  const found = await AgentConnection.find(agentSocketPath(ctx.env));
  if (found.type === "agent") return found.connection;
  if (found.type === "untrusted")
    ctx.io.stderr(`grypt: warning: ignoring the agent: ${found.reason}\n`);
  return undefined;
}

/** The agent serving this command's member file, or undefined. */
export async function memberAgent(ctx: CliContext): Promise<AgentConnection | undefined> {
  const agent = await anyAgent(ctx);
  if (!agent) return undefined;
  try {
    const hello = expect(await agent.request({ type: "hello" }), "hello");
    if (hello.memberFile === ctx.dataPath) return agent;
  } catch (error) {
    agent.close();
    throw error;
  }
  agent.close();
  return undefined;
}

/** Ask the agent of this member file once; undefined without one. */
async function once<T extends AgentResponse["type"]>(
  ctx: CliContext,
  request: AgentRequest,
  type: T,
): Promise<Extract<AgentResponse, { type: T }> | undefined> {
  const agent = await memberAgent(ctx);
  if (!agent) return undefined;
  try {
    return expect(await agent.request(request), type);
  } finally {
    agent.close();
  }
}

export async function agentStatus(
  ctx: CliContext,
): Promise<{ view: StatusView; socket: string } | undefined> {
  const answer = await once(ctx, { type: "status" }, "status");
  return answer && { view: answer.view, socket: agentSocketPath(ctx.env) };
}

/** Tell the agent the member file changed (a join); nothing when none runs or it is locked. */
export async function notifyAgent(ctx: CliContext): Promise<void> {
  try {
    await once(ctx, { type: "reload" }, "reloaded");
  } catch {
    // The agent picks the group up at its next unlock or start.
  }
}

export async function encryptWithAgent(
  agent: AgentConnection,
  plaintext: string,
  group: string | undefined,
): Promise<string> {
  const request: AgentRequest = { type: "encrypt", plaintext };
  if (group !== undefined) request.group = group;
  return expect(await agent.request(request), "encrypted").token;
}

/** Read tokens through the agent, in batches below its request limit. */
export async function decryptWithAgent(
  agent: AgentConnection,
  tokens: PostToken[],
): Promise<TokenResult[]> {
  const results: TokenResult[] = [];
  let batch: string[] = [];
  let chars = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const answer = expect(await agent.request({ type: "decrypt", tokens: batch }), "decrypted");
    if (answer.results.length !== batch.length)
      throw new GryptError("MESSAGE_INVALID", "the agent answered for another number of tokens");
    results.push(...answer.results);
    batch = [];
    chars = 0;
  };
  for (const token of tokens) {
    const text = formatPostToken(token);
    if (chars + text.length > MAX_DECRYPT_BATCH_CHARS || batch.length >= MAX_DECRYPT_BATCH_TOKENS)
      await flush();
    batch.push(text);
    chars += text.length;
  }
  await flush();
  return results;
}
