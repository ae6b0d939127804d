/**
 * The member's vault: create, import, unlock, lock, change password. While unlocked the derived
 * vault key (never the password) sits in storage.session, so a restarted service worker opens
 * the vault again without asking; locking forgets it and every key held in memory.
 */
import * as v from "valibot";
import { fromBase64Url, toBase64Url } from "../../shared/bytes.ts";
import { GryptError } from "../../shared/errors.ts";
import { generateIdentity, type Identity, importIdentity } from "../../shared/identity.ts";
import { createVault, openVault, parseVaultFile, unlockVault, type VaultFile, type VaultKey } from "../../shared/vault.ts";
import { browser, sessionStorage } from "./browser-api.ts";
import { serialized } from "./serial-queue.ts";
import { writeProfile } from "./stored-state.ts";
import { decodeContents, encodeContents, type VaultContents } from "./vault-contents.ts";

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

export async function readVaultFile(): Promise<VaultFile | undefined> {
  const stored = (await browser.storage.local.get("vault")).vault;
  return stored === undefined ? undefined : parseVaultFile(stored);
}

async function enter(contents: VaultContents, vaultKey: VaultKey): Promise<Unlocked> {
  const identity = await importIdentity(contents.exported);
  const session = { salt: vaultKey.salt, iterations: vaultKey.iterations, key: toBase64Url(vaultKey.key) };
  await sessionStorage().set({ vaultKey: session });
  await writeProfile({ fingerprintHex: identity.public.fingerprintHex, name: contents.name });
  unlocked = { identity, name: contents.name, vaultKey };
  return unlocked;
}

/** The open vault, reopened from storage.session after a worker restart; undefined when locked. */
export function getUnlocked(): Promise<Unlocked | undefined> {
  if (unlocked) return Promise.resolve(unlocked);
  return serialized("vault", async () => {
    if (unlocked) return unlocked;
    const stored = v.safeParse(SessionKeySchema, (await sessionStorage().get("vaultKey")).vaultKey);
    const file = await readVaultFile();
    if (!stored.success || !file) return undefined;
    const vaultKey: VaultKey = { ...stored.output, key: fromBase64Url(stored.output.key) };
    try {
      const contents = decodeContents(await openVault(vaultKey, file));
      unlocked = { identity: await importIdentity(contents.exported), name: contents.name, vaultKey };
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
  return serialized("vault", async () => {
    if (await readVaultFile()) throw new GryptError("CONFLICT", "an identity exists already (import a backup in Options to replace it)");
    const { exported } = await generateIdentity();
    const contents = { name, exported };
    const { file, key } = await createVault(password, encodeContents(contents));
    await browser.storage.local.set({ vault: file });
    return enter(contents, key);
  });
}

/** Replace the identity with a backup (a vault file and its password). */
export function importBackup(fileText: string, password: string): Promise<Unlocked> {
  return serialized("vault", async () => {
    let data: unknown;
    try {
      data = JSON.parse(fileText);
    } catch {
      throw new GryptError("VAULT_CORRUPT", "this is not a grypt key backup file");
    }
    const file = parseVaultFile(data);
    const { plaintext, key } = await unlockVault(password, file);
    const contents = decodeContents(plaintext);
    await browser.storage.local.set({ vault: file });
    return enter(contents, key);
  });
}

export function unlock(password: string): Promise<Unlocked> {
  return serialized("vault", async () => {
    const file = await readVaultFile();
    if (!file) throw new GryptError("NOT_FOUND", "no identity yet: create one first");
    const { plaintext, key } = await unlockVault(password, file);
    return enter(decodeContents(plaintext), key);
  });
}

/** Forget the vault key and every secret held in memory; listeners drop connections and keys. */
export function lock(): Promise<void> {
  unlocked = undefined;
  for (const listener of lockListeners) listener();
  return serialized("vault", async () => {
    unlocked = undefined;
    await sessionStorage().remove("vaultKey");
  });
}

/** Re-encrypt the vault under a new password; `reseal` moves other sealed data to the new key. */
export function changePassword(
  oldPassword: string,
  newPassword: string,
  reseal: (from: VaultKey, to: VaultKey) => Promise<void>,
): Promise<void> {
  return serialized("vault", async () => {
    const file = await readVaultFile();
    if (!file) throw new GryptError("NOT_FOUND", "no identity yet: create one first");
    const { plaintext, key: oldKey } = await unlockVault(oldPassword, file);
    const contents = decodeContents(plaintext);
    const { file: newFile, key: newKey } = await createVault(newPassword, encodeContents(contents));
    await reseal(oldKey, newKey);
    await browser.storage.local.set({ vault: newFile });
    await enter(contents, newKey);
  });
}
