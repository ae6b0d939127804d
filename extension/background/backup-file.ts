/** The key backup download: the vault file itself (password-encrypted), with a dated name. */
import { GryptError } from "../../shared/errors.ts";
import { serializeVault } from "../../shared/vault.ts";
import { readVaultFile } from "./vault-session.ts";

export async function exportBackup(): Promise<{ file: string; fileName: string }> {
  const file = await readVaultFile();
  if (!file) throw new GryptError("NOT_FOUND", "no identity yet: create one first");
  const date = new Date().toISOString().slice(0, 10);
  return { file: serializeVault(file), fileName: `grypt-key-backup-${date}.json` };
}
