/**
 * Group session keys by epoch. At rest: one vault-sealed record per group in storage.local
 * (key-records.ts), so the feed decrypts offline after a restart. In memory: non-extractable
 * FernetKeys, dropped on lock. Writes go through the vault queue and only under the vault's
 * current key, and never over a record they cannot open: keys are refused, never lost.
 */
import { GryptError } from "../../shared/errors.ts";
import { type FernetKey, importFernetKey } from "../../shared/fernet.ts";
import type { EpochKeyBytes } from "../../shared/member-client/epoch-keyring.ts";
import type { VaultKey } from "../../shared/vault.ts";
import { browser } from "./browser-api.ts";
import { readRecord, sealRecord, storageKey } from "./key-records.ts";
import { serialized } from "./serial-queue.ts";
import { isCurrentVaultKey, withVault } from "./vault-store.ts";

const memory = new Map<string, Map<number, FernetKey>>();

async function loadGroup(vaultKey: VaultKey, groupId: string): Promise<Map<number, FernetKey>> {
  const cached = memory.get(groupId);
  if (cached) return cached;
  return serialized(storageKey(groupId), async () => {
    const again = memory.get(groupId);
    if (again) return again;
    const raw = await readRecord(vaultKey, groupId);
    const keys = new Map<number, FernetKey>();
    for (const [epoch, key] of raw ?? []) keys.set(epoch, await importFernetKey(key));
    // A record that did not open (a vault key gone stale meanwhile) is not remembered as empty.
    if (raw) memory.set(groupId, keys);
    return keys;
  });
}

export async function keyFor(
  vaultKey: VaultKey,
  groupId: string,
  epoch: number,
): Promise<FernetKey | undefined> {
  return (await loadGroup(vaultKey, groupId)).get(epoch);
}

/** Epochs held for the group, ascending. */
export async function heldEpochs(vaultKey: VaultKey, groupId: string): Promise<number[]> {
  return [...(await loadGroup(vaultKey, groupId)).keys()].sort((a, b) => a - b);
}

/** Raw keys for the member client's keyring (so it asks only for newer epochs). */
export async function knownKeys(vaultKey: VaultKey, groupId: string): Promise<EpochKeyBytes[]> {
  return [...((await readRecord(vaultKey, groupId)) ?? [])].map(([epoch, key]) => ({ epoch, key }));
}

async function storeKeys(
  vaultKey: VaultKey,
  groupId: string,
  fresh: EpochKeyBytes[],
): Promise<number> {
  if (!(await isCurrentVaultKey(vaultKey))) {
    throw new GryptError(
      "CONFLICT",
      "the vault key changed while group keys arrived: they are fetched again",
    );
  }
  const raw = await readRecord(vaultKey, groupId);
  if (!raw)
    throw new GryptError(
      "VAULT_CORRUPT",
      `the stored keys of group ${groupId} do not open: left as they are`,
    );
  let added = 0;
  for (const { epoch, key } of fresh) {
    if (!raw.has(epoch)) added++;
    raw.set(epoch, key);
  }
  await browser.storage.local.set({ [storageKey(groupId)]: await sealRecord(vaultKey, raw) });
  // Not loaded yet: loadGroup reads them all from storage when first asked.
  const keys = memory.get(groupId);
  if (keys) for (const { epoch, key } of fresh) keys.set(epoch, await importFernetKey(key));
  return added;
}

/**
 * Store verified keys; returns how many were new. Refused (CONFLICT) when `vaultKey` is no longer
 * the vault's (the password changed or a backup was imported meanwhile: the connection starts
 * again and gets them anew), and (VAULT_CORRUPT) when the group's record does not open.
 * The group's own queue runs inside the vault's, so no loadGroup reads the record halfway.
 */
export function addKeys(
  vaultKey: VaultKey,
  groupId: string,
  fresh: EpochKeyBytes[],
): Promise<number> {
  if (fresh.length === 0) return Promise.resolve(0);
  return withVault(() =>
    serialized(storageKey(groupId), () => storeKeys(vaultKey, groupId, fresh)),
  );
}

export function removeGroupKeys(groupId: string): Promise<void> {
  return withVault(() =>
    serialized(storageKey(groupId), async () => {
      memory.delete(groupId);
      await browser.storage.local.remove(storageKey(groupId));
    }),
  );
}

export function forgetKeysInMemory(): void {
  memory.clear();
}
