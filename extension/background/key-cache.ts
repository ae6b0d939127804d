/**
 * Group session keys by epoch. At rest: one vault-sealed record per group in storage.local
 * (`keys:<groupId>`), so the feed decrypts offline after a restart. In memory: non-extractable
 * FernetKeys, dropped on lock.
 */
import * as v from "valibot";
import { fromBase64Url, toBase64Url, utf8Decode, utf8Encode } from "../../shared/bytes.ts";
import { type FernetKey, importFernetKey } from "../../shared/fernet.ts";
import type { EpochKeyBytes } from "../../shared/member-client/epoch-keyring.ts";
import { openVault, sealVault, type VaultKey } from "../../shared/vault.ts";
import { browser } from "./browser-api.ts";
import { serialized } from "./serial-queue.ts";

const SealedKeysSchema = v.strictObject({ v: v.literal(1), keys: v.record(v.pipe(v.string(), v.regex(/^\d+$/)), v.string()) });
const memory = new Map<string, Map<number, FernetKey>>();

const storageKey = (groupId: string) => `keys:${groupId}`;

async function readRaw(vaultKey: VaultKey, groupId: string): Promise<Map<number, Uint8Array>> {
  const sealed = (await browser.storage.local.get(storageKey(groupId)))[storageKey(groupId)];
  const out = new Map<number, Uint8Array>();
  if (sealed === undefined) return out;
  let parsed: v.InferOutput<typeof SealedKeysSchema>;
  try {
    parsed = v.parse(SealedKeysSchema, JSON.parse(utf8Decode(await openVault(vaultKey, sealed))));
  } catch {
    // Sealed under another identity's vault (a backup was imported): the server sends them again.
    return out;
  }
  for (const [epoch, key] of Object.entries(parsed.keys)) out.set(Number(epoch), fromBase64Url(key));
  return out;
}

async function writeRaw(vaultKey: VaultKey, groupId: string, keys: Map<number, Uint8Array>): Promise<void> {
  const record = { v: 1, keys: Object.fromEntries([...keys].map(([epoch, key]) => [String(epoch), toBase64Url(key)])) };
  const sealed = await sealVault(vaultKey, utf8Encode(JSON.stringify(record)));
  await browser.storage.local.set({ [storageKey(groupId)]: sealed });
}

async function loadGroup(vaultKey: VaultKey, groupId: string): Promise<Map<number, FernetKey>> {
  const cached = memory.get(groupId);
  if (cached) return cached;
  return serialized(storageKey(groupId), async () => {
    const again = memory.get(groupId);
    if (again) return again;
    const keys = new Map<number, FernetKey>();
    for (const [epoch, raw] of await readRaw(vaultKey, groupId)) keys.set(epoch, await importFernetKey(raw));
    memory.set(groupId, keys);
    return keys;
  });
}

export async function keyFor(vaultKey: VaultKey, groupId: string, epoch: number): Promise<FernetKey | undefined> {
  return (await loadGroup(vaultKey, groupId)).get(epoch);
}

/** Epochs held for the group, ascending. */
export async function heldEpochs(vaultKey: VaultKey, groupId: string): Promise<number[]> {
  return [...(await loadGroup(vaultKey, groupId)).keys()].sort((a, b) => a - b);
}

/** Raw keys for the member client's keyring (so it asks only for newer epochs). */
export async function knownKeys(vaultKey: VaultKey, groupId: string): Promise<EpochKeyBytes[]> {
  return [...(await readRaw(vaultKey, groupId))].map(([epoch, key]) => ({ epoch, key }));
}

/** Store verified keys; returns how many were new. */
export function addKeys(vaultKey: VaultKey, groupId: string, fresh: EpochKeyBytes[]): Promise<number> {
  if (fresh.length === 0) return Promise.resolve(0);
  return serialized(storageKey(groupId), async () => {
    const raw = await readRaw(vaultKey, groupId);
    let added = 0;
    for (const { epoch, key } of fresh) {
      if (!raw.has(epoch)) added++;
      raw.set(epoch, key);
    }
    await writeRaw(vaultKey, groupId, raw);
    const keys = memory.get(groupId) ?? new Map<number, FernetKey>();
    for (const { epoch, key } of fresh) keys.set(epoch, await importFernetKey(key));
    memory.set(groupId, keys);
    return added;
  });
}

export async function removeGroupKeys(groupId: string): Promise<void> {
  memory.delete(groupId);
  await browser.storage.local.remove(storageKey(groupId));
}

/** Re-seal every group's keys under a new vault key (password change). */
export async function resealAll(groupIds: string[], from: VaultKey, to: VaultKey): Promise<void> {
  for (const groupId of groupIds) {
    await serialized(storageKey(groupId), async () => writeRaw(to, groupId, await readRaw(from, groupId)));
  }
}

export function forgetKeysInMemory(): void {
  memory.clear();
}
