/**
 * Reading the group file (the snapshot): its text, unlocked with the password, decoded to a
 * parsed group state. Every failure is a GryptError that names the file and says what is
 * wrong; a wrong password is told apart from damage. Nothing here writes.
 */
import { readdir, readFile, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { TEMP_MARK } from "../../node-only/atomic-write.ts";
import { utf8Decode } from "../../shared/bytes.ts";
import { GryptError } from "../../shared/errors.ts";
import { unlockVault, type VaultKey } from "../../shared/vault.ts";
import { type GroupState, parseGroupState } from "../state/group-schema.ts";

export function journalPathFor(path: string): string {
  return `${path}.journal`;
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

export async function readGroupFile(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new GryptError("NOT_FOUND", `the group file ${path} does not exist`);
    if (code === "EACCES")
      throw new GryptError("LOCKED", `no permission to read the group file ${path}`);
    throw new GryptError(
      "VAULT_CORRUPT",
      `cannot read the group file ${path} (${code ?? "error"})`,
    );
  }
}

/** Unlock the file's text with the password: its state and the key for later saves. */
export async function unlockGroupFile(
  path: string,
  text: string,
  password: string,
): Promise<{ state: GroupState; key: VaultKey }> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new GryptError(
      "VAULT_CORRUPT",
      `the group file ${path} is damaged or truncated (it is not a grypt group file)`,
    );
  }
  let unlocked: Awaited<ReturnType<typeof unlockVault>>;
  try {
    unlocked = await unlockVault(password, data);
  } catch (error) {
    if (error instanceof GryptError && error.code === "VAULT_WRONG_PASSWORD") {
      throw new GryptError(
        "VAULT_WRONG_PASSWORD",
        `wrong password for ${path} (the file was not changed)`,
      );
    }
    if (error instanceof GryptError && error.code === "VAULT_CORRUPT") {
      throw new GryptError(
        "VAULT_CORRUPT",
        `the group file ${path} is damaged or was tampered with: ${error.message}`,
      );
    }
    throw error;
  }
  let content: unknown;
  try {
    content = JSON.parse(utf8Decode(unlocked.plaintext));
  } catch {
    throw new GryptError(
      "VAULT_CORRUPT",
      `the group file ${path} decrypts to something that is not group data`,
    );
  }
  return { state: parseGroupState(content), key: unlocked.key };
}

/** Temporary files a killed process left next to the group file. */
export async function removeStaleTemps(path: string): Promise<void> {
  const prefix = `.${basename(path)}${TEMP_MARK}`;
  const dir = dirname(path);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith(prefix)) await unlink(join(dir, name)).catch(() => undefined);
  }
}
