/**
 * The member file: a password vault (shared/vault.ts) around the member state, written
 * atomically. Unlocking derives the key once; later saves reuse it (never the password).
 */
import { readFile } from "node:fs/promises";
import { utf8Decode, utf8Encode } from "../../shared/bytes.ts";
import { GryptError } from "../../shared/errors.ts";
import { type ExportedIdentity, type Identity, importIdentity, parseIdentity, serializeIdentity } from "../../shared/identity.ts";
import { createVault, sealVault, serializeVault, unlockVault, type VaultKey } from "../../shared/vault.ts";
import { writeFileAtomic } from "../store/atomic-write.ts";
import { type MemberState, parseMemberState } from "./member-state.ts";

const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface MemberFile {
  path: string;
  key: VaultKey;
  state: MemberState;
  identity: Identity;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    const text = await readFile(path, "utf8");
    if (text.length > MAX_FILE_BYTES) throw new GryptError("VAULT_CORRUPT", `${path} is too large to be a member file`);
    return text;
  } catch (error) {
    if (error instanceof GryptError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new GryptError("LOCKED", `cannot read ${path} (${code ?? "error"})`);
  }
}

export async function memberFileExists(path: string): Promise<boolean> {
  return (await readText(path)) !== undefined;
}

export async function createMemberFile(path: string, password: string, exported: ExportedIdentity, name: string): Promise<void> {
  const state: MemberState = { v: 1, type: "grypt-member", identity: serializeIdentity(exported), name, groups: [] };
  const { file } = await createVault(password, utf8Encode(JSON.stringify(parseMemberState(state))));
  await writeFileAtomic(path, `${serializeVault(file)}\n`);
}

export async function openMemberFile(path: string, password: string): Promise<MemberFile> {
  const text = await readText(path);
  if (text === undefined) throw new GryptError("NOT_FOUND", `no member file at ${path}: create your keys with \`grypt init\``);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new GryptError("VAULT_CORRUPT", `${path} is not a grypt member file (not JSON)`);
  }
  const { plaintext, key } = await unlockVault(password, data);
  let state: MemberState;
  try {
    state = parseMemberState(JSON.parse(utf8Decode(plaintext)));
  } catch (error) {
    if (error instanceof GryptError) throw error;
    throw new GryptError("VAULT_CORRUPT", `${path} holds no valid member state`);
  } finally {
    plaintext.fill(0);
  }
  const identity = await importIdentity(parseIdentity(state.identity));
  return { path, key, state, identity };
}

export async function saveMemberFile(file: MemberFile): Promise<void> {
  const vault = await sealVault(file.key, utf8Encode(JSON.stringify(file.state)));
  await writeFileAtomic(file.path, `${serializeVault(vault)}\n`);
}
