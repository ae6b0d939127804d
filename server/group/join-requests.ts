/**
 * Strangers with a verified auth: a denied or removed key is refused (`denied` / `removed`, then
 * closed; nothing else is sent); anyone else becomes a recorded join request (saved before
 * `pending` is sent), capped per address and overall, oldest dropped first.
 */
import { CLOSE_CODES } from "../../shared/protocol/close-codes.ts";
import { type Logger, shortFp } from "../log.ts";
import { type BlockKind, blockOf } from "../state/blocked-keys.ts";
import * as model from "../state/group-model.ts";
import type { GroupService } from "./group-service.ts";
import type { MemberLink } from "./links.ts";

const CLOSE_CODE_OF: Record<BlockKind, number> = { denied: CLOSE_CODES.DENIED, removed: CLOSE_CODES.REMOVED };

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

function dropRequest(service: GroupService, log: Logger, fingerprintHex: string): void {
  log.warn("join request dropped (too many pending)", { fp: shortFp(fingerprintHex) });
  for (const link of service.waiting.take(fingerprintHex)) {
    link.send({ type: "error", code: "RATE_LIMITED", message: "too many join requests; yours was dropped" });
    link.close(CLOSE_CODES.RATE_LIMITED, "request dropped");
  }
}

/** Runs inside the service's change queue. */
export async function recordRequest(service: GroupService, log: Logger, link: MemberLink): Promise<void> {
  const fp = link.auth.fingerprintHex;
  if (!link.isOpen()) return;
  if (service.member(fp)) return void service.deliverKeys(link).catch(() => link.close(1011, "internal error"));
  const block = blockOf(service.state, fp);
  if (block) return refuseBlocked(link, block, log);
  const now = Date.now();
  const { auth } = link;
  if (!auth.spki) throw new Error("a request needs the keys as received");
  const added = model.addPending(service.state, {
    fingerprint: fp,
    signKey: auth.spki.signKey,
    encKey: auth.spki.encKey,
    name: auth.name,
    address: link.address.slice(0, 100),
    requestedAt: now,
  });
  const text = `${JSON.stringify(auth.name)} ${fp} from ${link.address}`;
  await service.commit(model.appendLog(added.state, { at: now, event: "request", text }));
  for (const dropped of added.dropped) dropRequest(service, log, dropped);
  service.waiting.add(link);
  link.send({ type: "pending", fingerprint: fp });
  log.info("join request", { fp: shortFp(fp), name: auth.name, addr: link.address });
}
