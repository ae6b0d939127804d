/**
 * Joining a group: an invite pins the server key at once; a bare URL first asks the server for
 * its key (a MemberClient whose trust-on-first-use callback records the key and declines), and
 * the popup shows that fingerprint for the user to compare before anything is pinned.
 */
import { armor } from "../../shared/base62-armor.ts";
import { fromHex } from "../../shared/bytes.ts";
import { GryptError } from "../../shared/errors.ts";
import { parseInvite, parseServerUrl } from "../../shared/invite.ts";
import { MemberClient } from "../../shared/member-client/member-client.ts";
import { GROUP_ID_HASH_BYTES } from "../../shared/server-identity.ts";
import { connectGroup, disconnectGroup, openSocket } from "./group-connections.ts";
import {
  readGroups,
  readStatuses,
  readTrustCandidate,
  type TrustCandidate,
  updateGroups,
  updateSettings,
  updateStatus,
  writeTrustCandidate,
} from "./stored-state.ts";
import { requireUnlocked } from "./vault-session.ts";

const PROBE_TIMEOUT_MS = 15_000;

export function groupIdFromFingerprint(fingerprintHex: string): string {
  return armor(fromHex(fingerprintHex).subarray(0, GROUP_ID_HASH_BYTES));
}

async function addGroup(url: string, pin: string, name: string): Promise<string> {
  const groupId = groupIdFromFingerprint(pin);
  disconnectGroup(groupId);
  const groups = await updateGroups((all) => {
    const existing = all[groupId];
    // A known name stays: a name from a hello is unsigned until keys sign it (group-connections.ts).
    all[groupId] = {
      groupId,
      name: existing?.name || name,
      url,
      pin,
      addedAt: existing?.addedAt ?? Date.now(),
    };
  });
  await updateSettings((settings) => {
    if (!settings.defaultGroupId || !(settings.defaultGroupId in groups))
      settings.defaultGroupId = groupId;
  });
  await updateStatus(groupId, { state: "connecting", detail: "Connecting…", epoch: 0 });
  await connectGroup(groups[groupId]!);
  return groupId;
}

/** Ask the server at `url` for its key without trusting it; resolves with what it presented. */
async function probeServer(url: string): Promise<TrustCandidate> {
  const open = await requireUnlocked();
  let candidate: TrustCandidate | undefined;
  const client = new MemberClient({
    url,
    identity: open.identity,
    name: open.name,
    connect: openSocket,
    trustOnFirstUse: async (info) => {
      candidate = {
        url,
        groupId: info.groupId,
        groupName: info.groupName,
        fingerprintHex: info.fingerprintHex,
      };
      return false;
    },
  });
  client.start();
  try {
    const status = await client
      .waitForStatus((s) => s.state === "unreachable", { timeoutMs: PROBE_TIMEOUT_MS })
      .catch(() => client.status);
    if (candidate) return candidate;
    if (status.state === "unreachable")
      throw new GryptError("UNREACHABLE", `cannot reach ${url}: ${status.error.message}`);
    throw new GryptError("UNREACHABLE", `${url} did not answer like a grypt server`);
  } finally {
    client.stop();
  }
}

export async function joinGroup(text: string): Promise<{ groupId?: string; needsTrust: boolean }> {
  await requireUnlocked();
  const trimmed = text.trim();
  if (trimmed.startsWith("grypt-invite:")) {
    const invite = parseInvite(trimmed);
    return { groupId: await addGroup(invite.url, invite.fingerprintHex, ""), needsTrust: false };
  }
  const url = parseServerUrl(trimmed);
  const candidate = await probeServer(url);
  const joined = (await readGroups())[candidate.groupId];
  if (joined && joined.pin === candidate.fingerprintHex) {
    return { groupId: await addGroup(url, joined.pin, candidate.groupName), needsTrust: false };
  }
  await writeTrustCandidate(candidate);
  return { needsTrust: true };
}

/** The user compared the fingerprint: pin it and join, or forget it. */
export async function answerTrust(accept: boolean): Promise<{ groupId?: string }> {
  const candidate = await readTrustCandidate();
  await writeTrustCandidate(undefined);
  if (!accept) return {};
  if (!candidate)
    throw new GryptError("NOT_FOUND", "no server is waiting for confirmation; join again");
  const groupId = await addGroup(candidate.url, candidate.fingerprintHex, candidate.groupName);
  if (candidate.replaces !== undefined && candidate.replaces !== groupId)
    await retire(candidate.replaces, groupId, candidate.groupName);
  return { groupId };
}

/**
 * A re-pinned server's old group: no longer connected (its old key is gone) nor the default, and
 * kept, with its keys, so the posts made under the old key still decrypt.
 */
async function retire(oldId: string, newId: string, newName: string): Promise<void> {
  disconnectGroup(oldId);
  const groups = await updateGroups((all) => {
    const old = all[oldId];
    if (old) all[oldId] = { ...old, replacedBy: newId };
  });
  if (!groups[oldId]) return;
  await updateSettings((settings) => {
    if (settings.defaultGroupId === oldId) settings.defaultGroupId = newId;
  });
  const detail = `Replaced by "${newName || newId}" when its server got a new key; its earlier posts still decrypt.`;
  await updateStatus(oldId, {
    state: "stopped",
    detail,
    epoch: (await readStatuses())[oldId]?.epoch ?? 0,
  });
}

/** Ask the group's server for its current key again, for the user to confirm (after a key change). */
export async function repinGroup(groupId: string): Promise<{ needsTrust: boolean }> {
  const group = (await readGroups())[groupId];
  if (!group) throw new GryptError("UNKNOWN_GROUP", "no such group");
  const candidate = await probeServer(group.url);
  await writeTrustCandidate(
    candidate.groupId === groupId ? candidate : { ...candidate, replaces: groupId },
  );
  return { needsTrust: true };
}
