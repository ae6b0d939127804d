/** The key backup: the vault file itself (password-encrypted), downloaded with a dated name. */
import { GryptError } from "../../shared/errors.ts";
import { parseVaultFile, serializeVault, type VaultFile } from "../../shared/vault.ts";
import { readVaultFile } from "./vault-store.ts";

export async function exportBackup(): Promise<{ file: string; fileName: string }> {
  const file = await readVaultFile();
  if (!file) throw new GryptError("NOT_FOUND", "no identity yet: create one first");
  const date = new Date().toISOString().slice(0, 10);
  return { file: serializeVault(file), fileName: `grypt-key-backup-${date}.json` };
}

/** A backup file's text as a vault file (VAULT_CORRUPT when it is none). */
export function parseBackupFile(fileText: string): VaultFile {
  let data: unknown;
  try {
    data = JSON.parse(fileText);
  } catch {
    throw new GryptError("VAULT_CORRUPT", "this is not a grypt key backup file");
  }
  return parseVaultFile(data);
}
