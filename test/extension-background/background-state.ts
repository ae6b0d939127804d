/**
 * Shared steps of the background tests: a clean slate between tests (module state and fake
 * storage), a member with a group and keys, and sockets to a scripted server. Import
 * ./fake-browser.ts before this file.
 */
import "./fake-browser.ts"; // first: before any background module
import { disconnectAll } from "../../extension/background/group-connections.ts";
import { addKeys, forgetKeysInMemory, heldEpochs } from "../../extension/background/key-cache.ts";
import { updateGroups } from "../../extension/background/stored-state.ts";
import {
  createMember,
  lock,
  requireUnlocked,
  type Unlocked,
  unlock,
} from "../../extension/background/vault-session.ts";
import type { WebSocketLike } from "../../shared/member-client/websocket-like.ts";
import { fake } from "./fake-browser.ts";

export const PASSWORD = "old password 123";
export const NEW_PASSWORD = "new password 456";

/** Locked, no clients, no keys in memory, both storage areas empty. */
export async function resetBackground(): Promise<void> {
  disconnectAll();
  await lock();
  forgetKeysInMemory();
  fake.reset();
}

export const epochKeys = (...epochs: number[]) =>
  epochs.map((epoch) => ({ epoch, key: new Uint8Array(32).fill(epoch) }));

export async function addGroup(
  groupId: string,
  url = "ws://group.test/",
  pin = "a".repeat(64),
): Promise<void> {
  await updateGroups((groups) => {
    groups[groupId] = { groupId, name: `group ${groupId}`, url, pin, addedAt: Date.now() };
  });
}

/** A member (PASSWORD) in `groupIds`, each holding the keys of epochs 1-3. */
export async function memberWithKeys(...groupIds: string[]): Promise<Unlocked> {
  const open = await createMember("alice", PASSWORD);
  for (const groupId of groupIds) {
    await addGroup(groupId);
    await addKeys(open.vaultKey, groupId, epochKeys(1, 2, 3));
  }
  return open;
}

/** The epochs held for a group as storage has them (memory forgotten, as after a worker restart). */
export async function storedEpochs(groupId: string): Promise<number[]> {
  forgetKeysInMemory();
  return heldEpochs((await requireUnlocked()).vaultKey, groupId);
}

/** Lock, unlock with `password`, and read the stored epochs of a group. */
export async function epochsAfterUnlock(password: string, groupId: string): Promise<number[]> {
  await lock();
  await unlock(password);
  return storedEpochs(groupId);
}

/** Let the background's `new WebSocket(url)` reach `connect` (e.g. a ScriptedServer). */
export function routeSockets(connect: (url: string) => WebSocketLike): void {
  (globalThis as unknown as { WebSocket: unknown }).WebSocket = function FakeWebSocket(
    url: string,
  ) {
    return connect(url);
  };
}
