/**
 * One MemberClient per joined group while the vault is unlocked. Statuses go to storage.local
 * (the popup watches it), verified keys to the key cache. Started again from storage whenever a
 * service worker starts unlocked, and on every keepalive alarm if a client went missing.
 */
import { toWireError } from "../../shared/errors.ts";
import { MemberClient } from "../../shared/member-client/member-client.ts";
import { broadcastKeysChanged } from "./broadcast.ts";
import { groupStatusFor } from "./group-status-text.ts";
import { addKeys, knownKeys } from "./key-cache.ts";
import { type GroupRecord, readGroups, readStatuses, updateGroups, updateStatus } from "./stored-state.ts";
import { getUnlocked, type Unlocked } from "./vault-session.ts";

const clients = new Map<string, MemberClient>();
const listeners = new Set<() => void>();

/** Called after a group's keys or name changed (context menus follow). */
export function onGroupsChanged(listener: () => void): void {
  listeners.add(listener);
}

function notifyGroupsChanged(): void {
  for (const listener of listeners) listener();
}

export function openSocket(url: string): WebSocket {
  return new WebSocket(url);
}

/** The server's verified hello names the group: keep the stored name in step. */
async function renameGroup(group: GroupRecord, name: string): Promise<void> {
  group.name = name;
  await updateGroups((groups) => {
    const record = groups[group.groupId];
    if (record) record.name = name;
  });
  notifyGroupsChanged();
}

async function startClient(open: Unlocked, group: GroupRecord): Promise<void> {
  const previous = (await readStatuses())[group.groupId];
  let epoch = previous?.epoch ?? 0;
  const client = new MemberClient({
    url: group.url,
    identity: open.identity,
    name: open.name,
    pin: group.pin,
    knownKeys: await knownKeys(open.vaultKey, group.groupId),
    connect: openSocket,
    onStatus: (status) => {
      if (clients.get(group.groupId) !== client) return;
      if (status.state === "member") epoch = status.epoch;
      void updateStatus(group.groupId, groupStatusFor(status, epoch));
      const verified = client.group;
      if (verified && verified.groupId === group.groupId && verified.groupName !== group.name) void renameGroup(group, verified.groupName);
    },
    onKeys: async (_info, fresh, currentEpoch) => {
      if (clients.get(group.groupId) !== client || (await getUnlocked()) !== open) return;
      epoch = currentEpoch;
      const added = await addKeys(open.vaultKey, group.groupId, fresh);
      if (added > 0) await broadcastKeysChanged(false);
    },
  });
  const existing = clients.get(group.groupId);
  if (existing) return;
  clients.set(group.groupId, client);
  client.start();
}

/** Connect a group (no-op when connected or locked). */
export async function connectGroup(group: GroupRecord): Promise<void> {
  const open = await getUnlocked();
  if (!open || clients.has(group.groupId)) return;
  try {
    await startClient(open, group);
  } catch (error) {
    await updateStatus(group.groupId, { state: "stopped", detail: toWireError(error).message, epoch: 0 });
  }
}

/** Connect every stored group that has no client yet (worker start, unlock, keepalive). */
export async function connectAll(): Promise<void> {
  if (!(await getUnlocked())) return;
  const groups = await readGroups();
  await Promise.all(Object.values(groups).map((group) => connectGroup(group)));
}

export function disconnectGroup(groupId: string): void {
  const client = clients.get(groupId);
  clients.delete(groupId);
  client?.stop();
}

export function disconnectAll(): void {
  for (const groupId of [...clients.keys()]) disconnectGroup(groupId);
}

/** Drop a group's client (after a terminal state or a re-pin) and connect it again. */
export async function reconnectGroup(groupId: string): Promise<void> {
  disconnectGroup(groupId);
  const group = (await readGroups())[groupId];
  if (group) await connectGroup(group);
}

export function isConnected(groupId: string): boolean {
  return clients.has(groupId);
}

/** Whether any group has a client (connected or retrying): the background must stay alive. */
export function hasClients(): boolean {
  return clients.size > 0;
}
