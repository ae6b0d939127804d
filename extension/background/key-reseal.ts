/**
 * Moving the stored group keys to a new vault key, computed (not written) so that the caller
 * writes them in the same storage.local.set() as the new vault: a worker that dies in between
 * leaves either the old vault with the old records or the new with the new, never a mix.
 * Both run inside the vault queue (vault-store.ts), where no key record is written meanwhile.
 */
import { GryptError } from "../../shared/errors.ts";
import type { VaultFile, VaultKey } from "../../shared/vault.ts";
import {
  openRecord,
  openRecordWithPassword,
  type RawKeys,
  readAllRecords,
  sealRecord,
} from "./key-records.ts";

/**
 * Open a record with `from`, else with the passwords given: a record sealed under a password
 * the vault never got (an interrupted change in an older version) opens with its own salt.
 */
async function openAny(
  sealed: unknown,
  from: VaultKey,
  passwords: string[],
  found: VaultKey[],
): Promise<RawKeys | undefined> {
  for (const key of [from, ...found]) {
    const keys = await openRecord(key, sealed);
    if (keys) return keys;
  }
  for (const password of passwords) {
    const opened = await openRecordWithPassword(password, sealed);
    if (!opened) continue;
    found.push(opened.key);
    return opened.keys;
  }
  return undefined;
}

/**
 * Every stored key record re-sealed from `from` to `to` (password change). A record that opens
 * with neither the old key nor either password stops the change: nothing is written, nothing lost.
 */
export async function resealedRecords(
  from: VaultKey,
  to: VaultKey,
  passwords: string[],
): Promise<Record<string, VaultFile>> {
  const out: Record<string, VaultFile> = {};
  const found: VaultKey[] = [];
  for (const [name, sealed] of await readAllRecords()) {
    const keys = await openAny(sealed, from, passwords, found);
    if (!keys) {
      throw new GryptError(
        "VAULT_CORRUPT",
        `the stored keys of group ${name.slice(name.indexOf(":") + 1)} do not open with this password; nothing was changed ` +
          "(leave the group and join it again to store its keys afresh)",
      );
    }
    out[name] = await sealRecord(to, keys);
  }
  return out;
}

/**
 * Key records for an imported vault: those sealed under the vault it replaces do not open under
 * its key and are replaced with empty ones (the group servers send the keys again); records
 * that open stay as they are.
 */
export async function recordsForImportedVault(to: VaultKey): Promise<Record<string, VaultFile>> {
  const out: Record<string, VaultFile> = {};
  for (const [name, sealed] of await readAllRecords()) {
    if (!(await openRecord(to, sealed))) out[name] = await sealRecord(to, new Map());
  }
  return out;
}
