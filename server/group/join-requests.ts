/**
 * Strangers with a verified auth: a denied or removed key is refused (`denied` / `removed`, then
 * closed; nothing else is sent); anyone else becomes a recorded join request (saved before
 * `pending` is sent), capped per address and overall. A full queue refuses the newcomer
 * (JOIN_QUEUE_FULL, or RATE_LIMITED for an address at its share): a waiting request is never
 * pushed out by others. A pending key that reconnects unchanged is told `pending` again without
 * a save or a log entry, and keeps at most MAX_WAITING_PER_KEY connections open; one that
 * changed its name or address updates its one entry in the request log.
 */
import { GryptError } from "../../shared/errors.ts";
import { CLOSE_CODES } from "../../shared/protocol/close-codes.ts";
import { type Logger, shortFp } from "../log.ts";
import { type BlockKind, blockOf } from "../state/blocked-keys.ts";
import * as model from "../state/group-model.ts";
import type { GroupState, MemberRecord } from "../state/group-schema.ts";
import { type LinkRegistry, MAX_WAITING_PER_KEY, type MemberLink } from "./links.ts";

/** What join requests use of the group service (group-service.ts), which imports this file. */
export interface JoinRequestHost {
  readonly waiting: LinkRegistry;
  readonly state: GroupState;
  member(fingerprintHex: string): MemberRecord | undefined;
  deliverKeys(link: MemberLink): Promise<boolean>;
  commit(state: GroupState): Promise<void>;
}

const CLOSE_CODE_OF: Record<BlockKind, number> = {
  denied: CLOSE_CODES.DENIED,
  removed: CLOSE_CODES.REMOVED,
};

/** Tell a connection its key is denied or removed, then close it with that close code. */
export function sendRefusal(link: MemberLink, block: BlockKind): void {
  link.send({ type: block });
  link.close(CLOSE_CODE_OF[block], block);
}

/** A blocked key connected: logged, refused, closed. */
export function refuseBlocked(link: MemberLink, block: BlockKind, log: Logger): void {
  log.info(`${block} key refused`, { fp: shortFp(link.auth.fingerprintHex), addr: link.address });
  sendRefusal(link, block);
}

/** A new request that does not fit (JOIN_QUEUE_FULL, RATE_LIMITED): told why, then closed. */
function refuseRequest(log: Logger, link: MemberLink, error: GryptError): void {
  log.warn("join request refused", {
    fp: shortFp(link.auth.fingerprintHex),
    addr: link.address,
    code: error.code,
  });
  link.send({ type: "error", code: error.code, message: error.message });
  link.close(
    CLOSE_CODES.RATE_LIMITED,
    error.code === "JOIN_QUEUE_FULL" ? "join queue full" : "rate limited",
  );
}

/** Whether addPending refused a request for want of room (anything else is a fault). */
function isNoRoom(error: unknown): error is GryptError {
  return (
    error instanceof GryptError &&
    (error.code === "JOIN_QUEUE_FULL" || error.code === "RATE_LIMITED")
  );
}

/**
 * The request this connection would record is already pending, unchanged (same name, same
 * address): a reconnect, which saves and logs nothing and is not rate-limited.
 */
export function isRepeatRequest(service: JoinRequestHost, link: MemberLink): boolean {
  const pending = service.state.pending.find((p) => p.fingerprint === link.auth.fingerprintHex);
  return (
    pending !== undefined &&
    pending.name === link.auth.name &&
    pending.address === requestAddress(link)
  );
}

function requestAddress(link: MemberLink): string {
  return link.address.slice(0, 100);
}

/** Runs inside the service's change queue. */
export async function recordRequest(
  service: JoinRequestHost,
  log: Logger,
  link: MemberLink,
): Promise<void> {
  const fp = link.auth.fingerprintHex;
  if (!link.isOpen()) return;
  if (service.member(fp))
    return void service
      .deliverKeys(link)
      .catch(() => link.close(CLOSE_CODES.INTERNAL_ERROR, "internal error"));
  const block = blockOf(service.state, fp);
  if (block) return refuseBlocked(link, block, log);
  if (!isRepeatRequest(service, link) && !(await saveRequest(service, log, link))) return;
  service.waiting.addReplacing(link, MAX_WAITING_PER_KEY);
  link.send({ type: "pending", fingerprint: fp });
}

/**
 * A new request, or one whose name or address changed (it keeps its place in the queue), saved
 * with its request log entry; false when it was refused for want of room.
 */
async function saveRequest(
  service: JoinRequestHost,
  log: Logger,
  link: MemberLink,
): Promise<boolean> {
  const { auth } = link;
  const fp = auth.fingerprintHex;
  if (!auth.spki) throw new Error("a request needs the keys as received");
  const now = Date.now();
  const earlier = service.state.pending.find((p) => p.fingerprint === fp);
  const request = {
    fingerprint: fp,
    signKey: auth.spki.signKey,
    encKey: auth.spki.encKey,
    name: auth.name,
    address: requestAddress(link),
    requestedAt: earlier?.requestedAt ?? now,
  };
  let added: GroupState;
  try {
    added = model.addPending(service.state, request).state;
  } catch (error) {
    if (!isNoRoom(error)) throw error;
    refuseRequest(log, link, error);
    return false;
  }
  await service.commit(model.logRequest(added, request, now));
  log.info("join request", { fp: shortFp(fp), name: auth.name, addr: link.address });
  return true;
}
