/**
 * Where the agent's socket is: $GRYPT_AGENT_SOCK, else $XDG_RUNTIME_DIR/grypt/agent.sock, else
 * a directory of this user's own in the temporary directory (as tmux does): /tmp/grypt-<uid>/.
 */
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export function agentSocketPath(env: NodeJS.ProcessEnv): string {
  if (env.GRYPT_AGENT_SOCK) return resolve(env.GRYPT_AGENT_SOCK);
  if (env.XDG_RUNTIME_DIR?.startsWith("/")) return join(env.XDG_RUNTIME_DIR, "grypt", "agent.sock");
  const base = env.TMPDIR?.startsWith("/") ? env.TMPDIR : tmpdir();
  return join(base, `grypt-${process.getuid?.() ?? "user"}`, "agent.sock");
}

/** The directory only this user can open, which holds the socket and the peers' proof files. */
export function agentDirectory(socketPath: string): string {
  return dirname(socketPath);
}
