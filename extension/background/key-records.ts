/**
 * The at-rest form of a group's session keys: one record per group in storage.local
 * (`keys:<groupId>`), a vault file sealed under the member's vault key holding
 * `{v: 1, keys: {epoch: base64url key}}`. Opening never guesses: a record that does not open
 * under the key given is reported as unreadable, never as "no keys".
 */
import * as v from "valibot";
import { fromBase64Url, toBase64Url, utf8Decode, utf8Encode } from "../../shared/bytes.ts";
import {
  openVault,
  sealVault,
  unlockVault,
  type VaultFile,
  type VaultKey,
} from "../../shared/vault.ts";
import { browser } from "./browser-api.ts";

const KEYS_PREFIX = "keys:";
const SealedKeysSchema = v.strictObject({
  v: v.literal(1),
  keys: v.record(v.pipe(v.string(), v.regex(/^\d+$/)), v.string()),
});

export type RawKeys = Map<number, Uint8Array>;

export const storageKey = (groupId: string) => `${KEYS_PREFIX}${groupId}`;

function decode(plaintext: Uint8Array): RawKeys {
  const parsed = v.parse(SealedKeysSchema, JSON.parse(utf8Decode(plaintext)));
  return new Map(
    Object.entries(parsed.keys).map(([epoch, key]) => [Number(epoch), fromBase64Url(key)]),
  );
}

/** The keys in a sealed record, or undefined when it does not open under `vaultKey` (or is damaged). */
export async function openRecord(
  vaultKey: VaultKey,
  sealed: unknown,
): Promise<RawKeys | undefined> {
  try {
    return decode(await openVault(vaultKey, sealed));
  } catch {
    return undefined;
  }
}

/** Open a record with a password (by its own salt); with the key it was sealed under. */
export async function openRecordWithPassword(
  password: string,
  sealed: unknown,
): Promise<{ keys: RawKeys; key: VaultKey } | undefined> {
  try {
    const { plaintext, key } = await unlockVault(password, sealed);
    return { keys: decode(plaintext), key };
  } catch {
    return undefined;
  }
}

export async function sealRecord(vaultKey: VaultKey, keys: RawKeys): Promise<VaultFile> {
  const record = {
    v: 1,
    keys: Object.fromEntries([...keys].map(([epoch, key]) => [String(epoch), toBase64Url(key)])),
  };
  return sealVault(vaultKey, utf8Encode(JSON.stringify(record)));
}

/** A group's stored keys: empty when it has no record, undefined when its record does not open. */
export async function readRecord(
  vaultKey: VaultKey,
  groupId: string,
): Promise<RawKeys | undefined> {
  const sealed = (await browser.storage.local.get(storageKey(groupId)))[storageKey(groupId)];
  return sealed === undefined ? new Map() : openRecord(vaultKey, sealed);
}

/** Every stored key record, by storage key (also of groups no longer in the group list). */
export async function readAllRecords(): Promise<[string, unknown][]> {
  const all = await browser.storage.local.get(null);
  return Object.entries(all).filter(([name]) => name.startsWith(KEYS_PREFIX));
}
