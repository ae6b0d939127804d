/**
 * Server configuration from command-line flags, each with an environment variable fallback
 * (flags win). Parsing is strict: an unknown flag or a bad value is a clear error, not a default.
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import * as v from "valibot";
import { GryptError } from "../../shared/errors.ts";
import { GroupName } from "../../shared/protocol/fields.ts";

export type HistoryPolicy = "all" | "since-join";

export interface ServerConfig {
  host: string;
  port: number;
  dataFile: string;
  adminSocket: string;
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  name: string | undefined;
  history: HistoryPolicy | undefined;
  passwordFile: string | undefined;
  publicUrl: string | undefined;
  /** Take each client's address from the X-Forwarded-For header its proxy appends. */
  trustProxy: boolean;
  quiet: boolean;
  help: boolean;
  version: boolean;
}

export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 19118;

const FLAGS = {
  host: "GRYPT_HOST",
  port: "GRYPT_PORT",
  data: "GRYPT_DATA",
  "tls-cert": "GRYPT_TLS_CERT",
  "tls-key": "GRYPT_TLS_KEY",
  name: "GRYPT_NAME",
  history: "GRYPT_HISTORY",
  "password-file": "GRYPT_PASSWORD_FILE",
  "admin-socket": "GRYPT_ADMIN_SOCKET",
  "public-url": "GRYPT_PUBLIC_URL",
} as const;
type Flag = keyof typeof FLAGS;

/** The default group file: $XDG_DATA_HOME/grypt/group.grypt, else ~/.local/share/grypt/group.grypt. */
export function defaultDataFile(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_DATA_HOME?.startsWith("/")
    ? env.XDG_DATA_HOME
    : join(homedir(), ".local", "share");
  return join(base, "grypt", "group.grypt");
}

function invalid(message: string): never {
  throw new GryptError("INVALID_ARGUMENT", `${message} (see --help)`);
}

export function parseServerConfig(argv: string[], env: NodeJS.ProcessEnv): ServerConfig {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (error) {
    invalid(error instanceof Error ? error.message : "invalid arguments");
  }
  const value = (flag: Flag): string | undefined => {
    const fromFlag = parsed.values[flag];
    if (typeof fromFlag === "string") return fromFlag;
    const fromEnv = env[FLAGS[flag]];
    return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
  };
  if (parsed.positionals.length > 0) invalid(`unexpected argument "${parsed.positionals[0]}"`);

  const portText = value("port") ?? String(DEFAULT_PORT);
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535)
    invalid(`port must be 0..65535, got "${portText}"`);
  const history = value("history");
  if (history !== undefined && history !== "all" && history !== "since-join") {
    invalid(`history must be "all" or "since-join", got "${history}"`);
  }
  const tlsCert = value("tls-cert");
  const tlsKey = value("tls-key");
  if ((tlsCert === undefined) !== (tlsKey === undefined))
    invalid("--tls-cert and --tls-key go together");
  const name = value("name");
  // The protocol's rule: every member checks the name in the server's hello by it.
  const checkedName = name === undefined ? undefined : v.safeParse(GroupName, name);
  if (checkedName?.success === false) invalid(`--name: ${checkedName.issues[0].message}`);
  const publicUrl = value("public-url");
  if (publicUrl !== undefined && !/^wss?:\/\/[^\s]+$/.test(publicUrl))
    invalid("public URL must start with ws:// or wss://");
  const dataFile = resolve(value("data") ?? defaultDataFile(env));
  return {
    host: value("host") ?? DEFAULT_HOST,
    port: Number(portText),
    dataFile,
    adminSocket: resolve(value("admin-socket") ?? `${dataFile}.sock`),
    tlsCert,
    tlsKey,
    name,
    history,
    passwordFile: value("password-file"),
    publicUrl,
    trustProxy: parsed.values["trust-proxy"] === true || env.GRYPT_TRUST_PROXY === "1",
    quiet: parsed.values.quiet === true || env.GRYPT_QUIET === "1",
    help: parsed.values.help === true,
    version: parsed.values.version === true,
  };
}

function parseFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      data: { type: "string" },
      "tls-cert": { type: "string" },
      "tls-key": { type: "string" },
      name: { type: "string" },
      history: { type: "string" },
      "password-file": { type: "string" },
      "admin-socket": { type: "string" },
      "public-url": { type: "string" },
      "trust-proxy": { type: "boolean" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean" },
    },
  });
}
