/**
 * One visit to a group server with the shared member client over `ws`: run the handshake,
 * collect verified keys, stop. Used by join (which may wait for approval) and by status,
 * encrypt and decrypt (which refresh keys when the server is reachable).
 */
import { WebSocket } from "ws";
import type { WireError } from "../shared/errors.ts";
import type { Identity } from "../shared/identity.ts";
import type { EpochKeyBytes } from "../shared/member-client/epoch-keyring.ts";
import { type GroupInfo, MemberClient } from "../shared/member-client/member-client.ts";
import type { MemberStatus } from "../shared/member-client/member-status.ts";
import { MAX_SERVER_FRAME } from "../shared/protocol/messages.ts";
import { mergeKeys, type StoredGroup } from "./member-state.ts";

export interface SyncRequest {
  url: string;
  pin: string;
  identity: Identity;
  name: string;
  knownKeys: EpochKeyBytes[];
  /** Handshake timeout; without `waitForApproval` also the whole visit's limit. */
  timeoutMs: number;
  /** Stay while pending (and through dropped connections) until member or a final answer. */
  waitForApproval?: boolean;
  /** With waitForApproval: give up after this long (no limit when absent). */
  waitTimeoutMs?: number;
  signal?: AbortSignal;
  onStatus?: (status: MemberStatus) => void;
}

export interface SyncResult {
  /** The status the visit ended on (unreachable: the first failure, without retries). */
  status: MemberStatus;
  group: GroupInfo | undefined;
  /** Every key the client holds afterwards (known ones included). */
  keys: EpochKeyBytes[];
  currentEpoch: number;
}

export function connectWs(url: string): WebSocket {
  return new WebSocket(url, { maxPayload: MAX_SERVER_FRAME, handshakeTimeout: 15_000 });
}

function settled(status: MemberStatus, wait: boolean): boolean {
  switch (status.state) {
    case "connecting":
      return false;
    case "pending":
    case "unreachable":
      return !wait;
    case "member":
    case "denied":
    case "removed":
    case "key-mismatch":
    case "stopped":
      return true;
    default: {
      const never: never = status;
      return never;
    }
  }
}

export async function syncGroup(request: SyncRequest): Promise<SyncResult> {
  const wait = request.waitForApproval === true;
  const client = new MemberClient({
    url: request.url,
    identity: request.identity,
    name: request.name,
    pin: request.pin,
    knownKeys: request.knownKeys,
    connect: connectWs,
    handshakeTimeoutMs: request.timeoutMs,
    backoff: { initialMs: 1000, maxMs: 30_000 },
    onStatus: request.onStatus,
  });
  client.start();
  let status: MemberStatus;
  try {
    status = await client.waitForStatus((s) => settled(s, wait), {
      timeoutMs: wait ? request.waitTimeoutMs : request.timeoutMs,
      signal: request.signal,
    });
  } catch {
    // Timed out or aborted: report where the visit stood.
    const last = client.status;
    const timeout: WireError = {
      code: "TIMEOUT",
      message: "no answer from the group server in time",
    };
    status =
      last.state === "connecting" ? { state: "unreachable", error: timeout, retryInMs: 0 } : last;
  } finally {
    client.stop();
  }
  const keys = client.epochs().map((epoch) => ({ epoch, key: client.key(epoch)! }));
  return { status, group: client.group, keys, currentEpoch: client.currentEpoch };
}

/** Record what a visit learned in the stored group; true when anything changed. */
export function applySync(group: StoredGroup, result: SyncResult): boolean {
  let changed = mergeKeys(group, result.keys, result.currentEpoch);
  const state = result.status.state;
  if (
    state === "member" ||
    state === "pending" ||
    state === "denied" ||
    state === "removed" ||
    state === "key-mismatch"
  ) {
    if (group.state !== state) changed = true;
    group.state = state;
  }
  // A hello's name replaces a known one only when keys signed over it came on that visit.
  const nameTrusted = state === "member" || group.groupName === "";
  const named = result.group?.groupId === group.groupId ? result.group : undefined;
  if (nameTrusted && named && named.groupName !== group.groupName) {
    group.groupName = named.groupName;
    changed = true;
  }
  if (changed) group.updatedAt = new Date().toISOString();
  return changed;
}
