/**
 * The admin's state changes: approve, deny, kick, unblock, rotate (and a backup between them),
 * each recorded in the audit log. Each is saved before anything is announced; a kick removes the
 * member (its key is refused from then on) and makes a new epoch in one write, and so does an
 * approval under since-join.
 */
import type { BlockedInfo, MemberInfo, PendingInfo } from "../admin/admin-messages.ts";
import type { Logger } from "../log.ts";
import { shortFp } from "../log.ts";
import { blockedKeys, unblock } from "../state/blocked-keys.ts";
import { findAllByPrefix, findByPrefix } from "../state/find-by-prefix.ts";
import * as model from "../state/group-model.ts";
import { currentEpoch, type GroupState } from "../state/group-schema.ts";
import type { GroupService } from "./group-service.ts";
import { memberInfo, pendingInfo } from "./group-views.ts";
import { sendRefusal } from "./join-requests.ts";

/**
 * Approve requests (each named by a prefix; one named twice counts once), all in one change,
 * and hand the keys to their waiting connections. Under since-join the approval is a rotation:
 * the newcomers' first key is the new epoch it makes, so what was posted before (before they
 * asked, or while they waited) stays unreadable to them, and the members already in get the
 * rekey as with any rotation (the next key made ahead serves it). Under "all" no epoch is made.
 */
export async function approveRequests(
  service: GroupService,
  log: Logger,
  prefixes: readonly string[],
): Promise<{ members: MemberInfo[]; delivered: number; epoch: number; rotated: boolean }> {
  return service.mutate(async () => {
    const requests = findAllByPrefix(service.state.pending, prefixes, "pending request");
    const now = Date.now();
    const approveAll = (state: GroupState, joinedEpoch: number) =>
      requests.reduce((s, request) => {
        const text = `${JSON.stringify(request.name)} ${request.fingerprint} joined at epoch ${joinedEpoch}`;
        const approved = model.approve(s, request.fingerprint, now, joinedEpoch).state;
        return model.appendLog(approved, { at: now, event: "approve", text });
      }, state);
    const rotated = service.state.history === "since-join";
    let epoch = currentEpoch(service.state).epoch;
    if (rotated) {
      const reason = listReason(
        "approved",
        requests.map((r) => r.fingerprint),
      );
      ({ epoch } = await service.rotateNow(reason, (state) =>
        approveAll(state, currentEpoch(state).epoch + 1),
      ));
    } else {
      await service.commit(approveAll(service.state, epoch));
    }
    for (const request of requests)
      log.info("approved", { fp: shortFp(request.fingerprint), name: request.name, epoch });
    const links = requests.flatMap((request) => service.waiting.take(request.fingerprint));
    const sent = await Promise.all(
      links.map((link) => service.deliverKeys(link).catch(() => false)),
    );
    const members = requests.flatMap((request) => {
      const member = service.member(request.fingerprint);
      return member ? [memberInfo(service, member)] : [];
    });
    return { members, delivered: sent.filter(Boolean).length, epoch, rotated };
  });
}

export async function denyRequest(
  service: GroupService,
  log: Logger,
  prefix: string,
): Promise<PendingInfo> {
  return service.mutate(async () => {
    const request = findByPrefix(service.state.pending, prefix, "pending request");
    const info = pendingInfo(service, request);
    const now = Date.now();
    const denied = model.deny(service.state, request.fingerprint, now);
    const text = `${JSON.stringify(request.name)} ${request.fingerprint}`;
    await service.commit(model.appendLog(denied.state, { at: now, event: "deny", text }));
    log.info("denied", { fp: shortFp(request.fingerprint), name: request.name });
    for (const link of service.waiting.take(request.fingerprint)) {
      sendRefusal(link, "denied");
    }
    return info;
  });
}

/**
 * Remove members (each named by a prefix; a member named twice counts once) and rotate once for
 * all of them: the state change, the save and the push are one, so the next key made ahead
 * serves the whole kick.
 */
export async function kickMembers(
  service: GroupService,
  log: Logger,
  prefixes: readonly string[],
): Promise<{ members: MemberInfo[]; epoch: number }> {
  return service.mutate(async () => {
    const members = findAllByPrefix(service.state.members, prefixes, "member");
    const infos = members.map((m) => memberInfo(service, m));
    const { epoch } = await service.rotateNow(
      listReason(
        "removed",
        members.map((m) => m.fingerprint),
      ),
      (state, now) =>
        members.reduce((s, member) => {
          const text = `${JSON.stringify(member.name)} ${member.fingerprint}`;
          return model.appendLog(model.removeMember(s, member.fingerprint, now).state, {
            at: now,
            event: "kick",
            text,
          });
        }, state),
      () => {
        for (const member of members) {
          log.info("kicked", { fp: shortFp(member.fingerprint), name: member.name });
          service.authKeys.forget(member.fingerprint);
          for (const link of service.members.take(member.fingerprint)) sendRefusal(link, "removed");
        }
      },
    );
    return { members: infos, epoch };
  });
}

/**
 * A new epoch's reason: who was removed or approved, as far as it fits the 200 characters an
 * epoch keeps.
 */
function listReason(what: "removed" | "approved", fingerprints: string[]): string {
  const listed = `${what} ${fingerprints.map((fp) => fp.slice(0, 16)).join(", ")}`;
  if (listed.length <= 200) return listed;
  return `${what} ${fingerprints.length} ${what === "removed" ? "members" : "requests"} (see the log)`;
}

/** Lift a denial or removal; the key's next connection is a join request to approve again. */
export async function unblockKey(
  service: GroupService,
  log: Logger,
  prefix: string,
): Promise<BlockedInfo> {
  return service.mutate(async () => {
    const blocked = findByPrefix(blockedKeys(service.state), prefix, "blocked key");
    const now = Date.now();
    const { state, key } = unblock(service.state, blocked.fingerprint);
    const text = `${JSON.stringify(key.name)} ${key.fingerprint} (was ${key.which})`;
    await service.commit(model.appendLog(state, { at: now, event: "unblock", text }));
    log.info("unblocked", { fp: shortFp(key.fingerprint), name: key.name, was: key.which });
    return key;
  });
}

export async function rotateEpoch(
  service: GroupService,
  reason: string,
): Promise<{ epoch: number; notified: number }> {
  return service.mutate(async () => {
    const { epoch, result } = await service.rotateNow(reason);
    return { epoch, notified: result.notified };
  });
}

export async function backupGroup(
  service: GroupService,
  log: Logger,
  path: string,
): Promise<{ path: string; epoch: number; members: number; bytes: number }> {
  const { bytes, state } = await service.backup(path);
  const epoch = currentEpoch(state).epoch;
  log.info("backed up", { path, epoch, members: state.members.length });
  const text = `${JSON.stringify(path)} (epoch ${epoch}, ${state.members.length} members)`;
  try {
    await service.mutate(() =>
      service.commit(model.appendLog(service.state, { at: Date.now(), event: "backup", text })),
    );
  } catch {
    // The copy is written, which is what was asked; the log says the entry is missing.
    log.error("the backup is not in the audit log (the group file could not be saved)", { path });
  }
  return { path, epoch, members: state.members.length, bytes };
}
