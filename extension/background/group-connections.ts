/**
 * One MemberClient per joined group while the vault is unlocked. Statuses go to storage.local
 * (the popup watches it), verified keys to the key cache. Started again from storage whenever a
 * service worker starts unlocked, and on every keepalive alarm if a client went missing. Each
 * client belongs to the session it was started in: one that outlived its session (a lock, a new
 * password) is replaced, and a start that a lock overtook is dropped.
 */
import { toWireError } from "../../shared/errors.ts";
import { MemberClient } from "../../shared/member-client/member-client.ts";
import { isTerminal } from "../../shared/member-client/member-status.ts";
import { broadcastKeysChanged } from "./broadcast.ts";
import { groupStatusFor } from "./group-status-text.ts";
import { addKeys, knownKeys } from "./key-cache.ts";
import {
  type GroupRecord,
  readGroups,
  readStatuses,
  updateGroups,
  updateStatus,
} from "./stored-state.ts";
import { getUnlocked, isCurrentSession, onLock, type Unlocked } from "./vault-session.ts";

interface Running {
  client: MemberClient;
  /** The session the client was started in (its vault key seals what it receives). */
  open: Unlocked;
}

const clients = new Map<string, Running>();
const listeners = new Set<() => void>();
/** Counts locks: a start that began before one must not register its client after it. */
let lockGeneration = 0;
onLock(() => {
  lockGeneration++;
});

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

async function startClient(open: Unlocked, group: GroupRecord, generation: number): Promise<void> {
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
      if (clients.get(group.groupId)?.client !== client) return;
      if (status.state === "member") epoch = status.epoch;
      void updateStatus(group.groupId, groupStatusFor(status, epoch));
      // A hello's name replaces a known one only once a member (the keys statement signs it); a
      // group joined by invite has none until then and shows the hello's.
      const verified = status.state === "member" || group.name === "" ? client.group : undefined;
      if (verified && verified.groupId === group.groupId && verified.groupName !== group.name)
        void renameGroup(group, verified.groupName);
    },
    onKeys: async (_info, fresh, currentEpoch) => {
      if (clients.get(group.groupId)?.client !== client || (await getUnlocked()) !== open) return;
      epoch = currentEpoch;
      const added = await addKeys(open.vaultKey, group.groupId, fresh);
      if (added > 0) await broadcastKeysChanged(false);
    },
  });
  // No await from here on: the checks hold when the client is registered and started.
  if (generation !== lockGeneration || !isCurrentSession(open)) return;
  const existing = clients.get(group.groupId);
  if (existing?.open === open) return;
  clients.set(group.groupId, { client, open });
  existing?.client.stop(); // a client of an earlier session (after the set: its status is not recorded)
  client.start();
}

/** Connect a group (no-op when locked, or connected in the current session). */
export async function connectGroup(group: GroupRecord): Promise<void> {
  if (group.replacedBy !== undefined) return;
  const generation = lockGeneration;
  const open = await getUnlocked();
  if (!open || generation !== lockGeneration || clients.get(group.groupId)?.open === open) return;
  try {
    await startClient(open, group, generation);
  } catch (error) {
    await updateStatus(group.groupId, {
      state: "stopped",
      detail: toWireError(error).message,
      epoch: 0,
    });
  }
}

/** Connect every stored group that has no client of this session yet (worker start, unlock, keepalive). */
export async function connectAll(): Promise<void> {
  if (!(await getUnlocked())) return;
  const groups = await readGroups();
  await Promise.all(Object.values(groups).map((group) => connectGroup(group)));
}

export function disconnectGroup(groupId: string): void {
  const running = clients.get(groupId);
  clients.delete(groupId);
  running?.client.stop();
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

/**
 * Whether any group has a client connected or retrying: the background must stay alive. A client
 * in a final state (removed, denied, key mismatch) stays registered, so that the keepalive alarm
 * does not start it again, but keeps nothing awake.
 */
export function hasClients(): boolean {
  return [...clients.values()].some(({ client }) => !isTerminal(client.status));
}
