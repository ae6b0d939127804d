/** Where the member file lives by default: $XDG_DATA_HOME/grypt/member.json, else ~/.local/share/grypt/. */
import { homedir } from "node:os";
import { join, resolve } from "node:path";

export function defaultMemberFile(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_DATA_HOME?.startsWith("/")
    ? env.XDG_DATA_HOME
    : join(env.HOME || homedir(), ".local", "share");
  return join(base, "grypt", "member.json");
}

export function memberFilePath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ? resolve(flag) : defaultMemberFile(env);
}
