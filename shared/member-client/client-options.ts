/** The member client's options: what callers pass, checked and completed with defaults. */
import * as v from "valibot";
import { check, GryptError, type WireError } from "../errors.ts";
import type { Identity } from "../identity.ts";
import { inertLine } from "../inert-text.ts";
import { parseServerUrl } from "../invite.ts";
import { StoredDisplayName } from "../protocol/fields.ts";
import type { BackoffOptions } from "./backoff.ts";
import type { EpochKeyBytes } from "./epoch-keyring.ts";
import type { MemberStatus } from "./member-status.ts";
import { type ConnectSocket, systemTimers, type Timers } from "./websocket-like.ts";

/**
 * The group as its server's hello describes it. The id follows from the server's key; the name is
 * unsigned in the hello, and known to be the server's once a keys message on that connection has
 * verified (it signs the name): while the client is a member.
 */
export interface GroupInfo {
  groupId: string;
  groupName: string;
  /** SHA-256 of the server key's SPKI, 64 lowercase hex digits. */
  fingerprintHex: string;
}

export interface MemberClientOptions {
  /** ws:// or wss:// URL of the group server. */
  url: string;
  identity: Identity;
  /**
   * Display name sent to the server (1..64 characters, no control or bidi characters). A name
   * stored before that rule (C1 or bidi controls in it) is sent with those as U+FFFD.
   */
  name: string;
  /** Pinned server fingerprint (64 lowercase hex digits). */
  pin?: string;
  /** Asked when nothing is pinned; true pins the presented key. Neither pin nor this: refuse. */
  trustOnFirstUse?: (info: GroupInfo) => Promise<boolean>;
  /** Called once a key was pinned by trust on first use, so the caller can persist the pin. */
  onPinned?: (info: GroupInfo) => void | Promise<void>;
  /** Keys held from earlier sessions (e.g. from storage): only newer ones are requested. */
  knownKeys?: Iterable<EpochKeyBytes>;
  connect: ConnectSocket;
  onStatus?: (status: MemberStatus) => void;
  /** Verified keys arrived (possibly none new: a keys message also proves the current epoch). Awaited. */
  onKeys?: (
    info: GroupInfo,
    newKeys: EpochKeyBytes[],
    currentEpoch: number,
  ) => void | Promise<void>;
  /** Errors worth a log line: dropped connections, ignored rollbacks, failing callbacks. */
  onError?: (error: WireError) => void;
  /** Interval of keepalive pings (the protocol wants one at least every 20 s). */
  keepaliveMs?: number;
  /** Time from opening a socket to pending / member before the attempt is dropped. */
  handshakeTimeoutMs?: number;
  backoff?: BackoffOptions;
  timers?: Timers;
  /** Random source for the backoff jitter, in [0, 1). */
  random?: () => number;
}

export interface ResolvedOptions extends MemberClientOptions {
  keepaliveMs: number;
  handshakeTimeoutMs: number;
  timers: Timers;
}

export const DEFAULT_KEEPALIVE_MS = 20_000;
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 15_000;
const PIN = /^[0-9a-f]{64}$/;

export function resolveOptions(options: MemberClientOptions): ResolvedOptions {
  check(typeof options === "object" && options !== null, "member client options must be an object");
  const url = parseServerUrl(options.url);
  const name = v.safeParse(v.pipe(StoredDisplayName, v.transform(inertLine)), options.name);
  if (!name.success)
    throw new GryptError("INVALID_ARGUMENT", `member name: ${name.issues[0].message}`);
  check(
    options.identity?.public?.fingerprint instanceof Uint8Array,
    "identity must be an Identity",
  );
  check(typeof options.connect === "function", "connect must be a function opening a WebSocket");
  if (options.pin !== undefined)
    check(
      typeof options.pin === "string" && PIN.test(options.pin),
      "pin must be 64 lowercase hex digits",
    );
  const keepaliveMs = options.keepaliveMs ?? DEFAULT_KEEPALIVE_MS;
  check(Number.isFinite(keepaliveMs) && keepaliveMs > 0, "keepaliveMs must be a positive number");
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  check(
    Number.isFinite(handshakeTimeoutMs) && handshakeTimeoutMs > 0,
    "handshakeTimeoutMs must be a positive number",
  );
  return {
    ...options,
    url,
    name: name.output,
    keepaliveMs,
    handshakeTimeoutMs,
    timers: options.timers ?? systemTimers,
  };
}
