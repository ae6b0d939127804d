/**
 * The vault file in storage.local and the one queue every write of vault-sealed data goes
 * through: the vault itself (create, import, password change) and the group key records sealed
 * under its key. So a key record is never written under a key the vault no longer has.
 */
import { toBase64Url } from "../../shared/bytes.ts";
import { parseVaultFile, type VaultFile, type VaultKey } from "../../shared/vault.ts";
import { vaultCheckValue } from "../../shared/vault-kdf.ts";
import { browser } from "./browser-api.ts";
import { serialized } from "./serial-queue.ts";

const VAULT_QUEUE = "vault";

/** Run `work` after every earlier vault step and before every later one. */
export function withVault<T>(work: () => Promise<T>): Promise<T> {
  return serialized(VAULT_QUEUE, work);
}

export async function readVaultFile(): Promise<VaultFile | undefined> {
  const stored = (await browser.storage.local.get("vault")).vault;
  return stored === undefined ? undefined : parseVaultFile(stored);
}

/** Whether `key` opens the stored vault (checked by its check value; nothing is decrypted). */
export async function isCurrentVaultKey(key: VaultKey): Promise<boolean> {
  const file = await readVaultFile();
  if (!file || file.salt !== key.salt || file.iterations !== key.iterations) return false;
  return toBase64Url(await vaultCheckValue(key.key)) === file.check;
}
