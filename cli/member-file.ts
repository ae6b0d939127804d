/**
 * The member file: a password vault (shared/vault.ts) around the member state, written
 * atomically. Unlocking derives the key once; later saves reuse it (never the password).
 */
import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { writeFileAtomic, writeNewFileAtomic } from "../node-only/atomic-write.ts";
import { storageError } from "../node-only/storage-error.ts";
import { utf8Decode, utf8Encode } from "../shared/bytes.ts";
import { GryptError } from "../shared/errors.ts";
import {
  type ExportedIdentity,
  type Identity,
  importIdentity,
  parseIdentity,
  serializeIdentity,
} from "../shared/identity.ts";
import {
  createVault,
  openVault,
  sealVault,
  serializeVault,
  unlockVault,
  type VaultKey,
} from "../shared/vault.ts";
import { mergeMemberStates } from "./member-merge.ts";
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
    if (text.length > MAX_FILE_BYTES)
      throw new GryptError("VAULT_CORRUPT", `${path} is too large to be a member file`);
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

export async function createMemberFile(
  path: string,
  password: string,
  exported: ExportedIdentity,
  name: string,
): Promise<void> {
  const state: MemberState = {
    v: 1,
    type: "grypt-member",
    identity: serializeIdentity(exported),
    name,
    groups: [],
  };
  const { file } = await createVault(password, utf8Encode(JSON.stringify(parseMemberState(state))));
  await mkdir(dirname(path), { recursive: true, mode: 0o700 }).catch((error: unknown) => {
    throw cannotWrite(path, error);
  });
  try {
    // Never over another file: two `grypt init` at once must not leave one of them without keys.
    await writeNewFileAtomic(path, `${serializeVault(file)}\n`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw cannotWrite(path, error);
    throw new GryptError(
      "CONFLICT",
      `${path} was created meanwhile (another grypt init?): it holds those keys; yours were not saved`,
    );
  }
}

export async function openMemberFile(path: string, password: string): Promise<MemberFile> {
  const text = await readText(path);
  if (text === undefined)
    throw new GryptError(
      "NOT_FOUND",
      `no member file at ${path}: create your keys with \`grypt init\``,
    );
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new GryptError("VAULT_CORRUPT", `${path} is not a grypt member file (not JSON)`);
  }
  const { plaintext, key } = await unlockVault(password, data);
  const state = decodeState(path, plaintext);
  const identity = await importIdentity(parseIdentity(state.identity));
  return { path, key, state, identity };
}

/**
 * Save, first merging what another grypt run saved since this one opened the file (a `join`
 * waits for approval for as long as it takes): their groups and keys are kept, not overwritten.
 */
export async function saveMemberFile(file: MemberFile): Promise<void> {
  const onDisk = await readState(file);
  if (onDisk) file.state = mergeMemberStates(onDisk, file.state);
  const vault = await sealVault(file.key, utf8Encode(JSON.stringify(file.state)));
  await writeFileAtomic(file.path, `${serializeVault(vault)}\n`).catch((error: unknown) => {
    throw cannotWrite(file.path, error);
  });
}

/**
 * Take in what other grypt runs saved since (a `join` while the agent runs): for a group both
 * hold, the record on disk wins, with the keys and the highest epoch of both.
 */
export async function reloadMemberFile(file: MemberFile): Promise<void> {
  const onDisk = await readState(file);
  if (onDisk) file.state = mergeMemberStates(file.state, onDisk);
}

/** A file-system failure named by path and cause (not "internal error"); the file is as it was. */
function cannotWrite(path: string, error: unknown): GryptError {
  return storageError("write", path, error, "the member file is unchanged");
}

/** The state now on disk, opened with this run's key; undefined when there is none. */
async function readState(file: MemberFile): Promise<MemberState | undefined> {
  const text = await readText(file.path);
  if (text === undefined) return undefined;
  let plaintext: Uint8Array;
  try {
    plaintext = await openVault(file.key, JSON.parse(text));
  } catch {
    throw new GryptError(
      "CONFLICT",
      `${file.path} changed meanwhile and no longer opens with this password: nothing was saved`,
    );
  }
  return decodeState(file.path, plaintext);
}

/** The member state in a vault's plaintext (wiped afterwards); VAULT_CORRUPT when there is none. */
function decodeState(path: string, plaintext: Uint8Array): MemberState {
  try {
    return parseMemberState(JSON.parse(utf8Decode(plaintext)));
  } catch (error) {
    if (error instanceof GryptError) throw error;
    throw new GryptError("VAULT_CORRUPT", `${path} holds no valid member state`);
  } finally {
    plaintext.fill(0);
  }
}
