/**
 * The member's vault: create, import, unlock, lock, change password. While unlocked the derived
 * vault key (never the password) sits in storage.session, so a restarted service worker opens
 * the vault again without asking; locking forgets it and every key held in memory. Every step
 * that replaces the vault writes it, with whatever must change along with it, in one set().
 */
import * as v from "valibot";
import { fromBase64Url, toBase64Url } from "../../shared/bytes.ts";
import { GryptError } from "../../shared/errors.ts";
import { generateIdentity, type Identity, importIdentity } from "../../shared/identity.ts";
import { createVault, openVault, unlockVault, type VaultKey } from "../../shared/vault.ts";
import { parseBackupFile } from "./backup-file.ts";
import { browser, sessionStorage } from "./browser-api.ts";
import { recordsForImportedVault, resealedRecords } from "./key-reseal.ts";
import { type Profile, profileEntry, writeProfile } from "./stored-state.ts";
import { decodeContents, encodeContents } from "./vault-contents.ts";
import { readVaultFile, withVault } from "./vault-store.ts";

export { readVaultFile } from "./vault-store.ts";

export interface Unlocked {
  identity: Identity;
  name: string;
  vaultKey: VaultKey;
}

const SessionKeySchema = v.object({ salt: v.string(), iterations: v.number(), key: v.string() });
let unlocked: Unlocked | undefined;
const lockListeners = new Set<() => void>();

export function onLock(listener: () => void): void {
  lockListeners.add(listener);
}

/** Whether `open` is the session now open (synchronous: for checks that must not yield). */
export function isCurrentSession(open: Unlocked): boolean {
  return unlocked === open;
}

/** Open the session: the vault key to storage.session, the identity to memory. */
async function enter(identity: Identity, name: string, vaultKey: VaultKey): Promise<Unlocked> {
  const session = {
    salt: vaultKey.salt,
    iterations: vaultKey.iterations,
    key: toBase64Url(vaultKey.key),
  };
  await sessionStorage().set({ vaultKey: session });
  unlocked = { identity, name, vaultKey };
  return unlocked;
}

const profileOf = (identity: Identity, name: string): Profile => ({
  fingerprintHex: identity.public.fingerprintHex,
  name,
});

/** The open vault, reopened from storage.session after a worker restart; undefined when locked. */
export function getUnlocked(): Promise<Unlocked | undefined> {
  if (unlocked) return Promise.resolve(unlocked);
  return withVault(async () => {
    if (unlocked) return unlocked;
    const stored = v.safeParse(SessionKeySchema, (await sessionStorage().get("vaultKey")).vaultKey);
    const file = await readVaultFile();
    if (!stored.success || !file) return undefined;
    const vaultKey: VaultKey = { ...stored.output, key: fromBase64Url(stored.output.key) };
    try {
      const contents = decodeContents(await openVault(vaultKey, file));
      unlocked = {
        identity: await importIdentity(contents.exported),
        name: contents.name,
        vaultKey,
      };
    } catch {
      await sessionStorage().remove("vaultKey");
      return undefined;
    }
    return unlocked;
  });
}

export async function requireUnlocked(): Promise<Unlocked> {
  const open = await getUnlocked();
  if (!open) throw new GryptError("LOCKED", "grypt is locked: unlock it with your password");
  return open;
}

export function createMember(name: string, password: string): Promise<Unlocked> {
  return withVault(async () => {
    if (await readVaultFile())
      throw new GryptError(
        "CONFLICT",
        "an identity exists already (import a backup in Options to replace it)",
      );
    const { exported } = await generateIdentity();
    const { file, key } = await createVault(password, encodeContents({ name, exported }));
    const identity = await importIdentity(exported);
    await browser.storage.local.set({ vault: file, ...profileEntry(profileOf(identity, name)) });
    return enter(identity, name, key);
  });
}

/**
 * Replace the identity with a backup (a vault file and its password). The backup is checked in
 * full, its keys imported, before anything is written: a bad backup leaves the identity as it was.
 */
export function importBackup(fileText: string, password: string): Promise<Unlocked> {
  return withVault(async () => {
    const file = parseBackupFile(fileText);
    const { plaintext, key } = await unlockVault(password, file);
    const contents = decodeContents(plaintext);
    const identity = await importIdentity(contents.exported);
    const records = await recordsForImportedVault(key);
    await browser.storage.local.set({
      ...records,
      vault: file,
      ...profileEntry(profileOf(identity, contents.name)),
    });
    return enter(identity, contents.name, key);
  });
}

export function unlock(password: string): Promise<Unlocked> {
  return withVault(async () => {
    const file = await readVaultFile();
    if (!file) throw new GryptError("NOT_FOUND", "no identity yet: create one first");
    const { plaintext, key } = await unlockVault(password, file);
    const contents = decodeContents(plaintext);
    const identity = await importIdentity(contents.exported);
    await writeProfile(profileOf(identity, contents.name));
    return enter(identity, contents.name, key);
  });
}

/** Forget the vault key and every secret held in memory; listeners drop connections and keys. */
export function lock(): Promise<void> {
  unlocked = undefined;
  for (const listener of lockListeners) listener();
  return withVault(async () => {
    unlocked = undefined;
    await sessionStorage().remove("vaultKey");
  });
}

/**
 * Re-encrypt the vault under a new password, and every stored group key record with it: the
 * records are read and re-sealed inside the vault queue (no key record is written meanwhile) and
 * written in the same set() as the new vault.
 */
export function changePassword(oldPassword: string, newPassword: string): Promise<void> {
  return withVault(async () => {
    const file = await readVaultFile();
    if (!file) throw new GryptError("NOT_FOUND", "no identity yet: create one first");
    const { plaintext, key: oldKey } = await unlockVault(oldPassword, file);
    const contents = decodeContents(plaintext);
    const identity = await importIdentity(contents.exported);
    const { file: newFile, key: newKey } = await createVault(newPassword, encodeContents(contents));
    const records = await resealedRecords(oldKey, newKey, [oldPassword, newPassword]);
    await browser.storage.local.set({ ...records, vault: newFile });
    await enter(identity, contents.name, newKey);
  });
}
