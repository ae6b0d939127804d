/**
 * The group file: the group state as JSON, sealed in a password vault (shared/vault.ts), written
 * atomically. The derived vault key is cached so saves do not re-run PBKDF2; saves are queued
 * and coalesced, and `save` resolves only once a write holding that state is durable.
 */
import { mkdir, readdir, readFile, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { utf8Decode, utf8Encode } from "../../shared/bytes.ts";
import { GryptError } from "../../shared/errors.ts";
import { createVault, sealVault, serializeVault, unlockVault, type VaultKey } from "../../shared/vault.ts";
import { type GroupState, parseGroupState } from "../state/group-schema.ts";
import { TEMP_MARK, writeFileAtomic } from "./atomic-write.ts";

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupStore {
  readonly path: string;
  readonly #key: VaultKey;
  #next: GroupState | undefined;
  #waiters: Waiter[] = [];
  #writing: Promise<void> | undefined;

  private constructor(path: string, key: VaultKey) {
    this.path = path;
    this.#key = key;
  }

  /** Create a new group file (refuses to overwrite an existing one). */
  static async create(path: string, password: string, state: GroupState, iterations?: number): Promise<GroupStore> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const plaintext = utf8Encode(JSON.stringify(state));
    const { file, key } = await createVault(password, plaintext, iterations ? { iterations } : undefined);
    if (await fileExists(path)) throw new GryptError("CONFLICT", `the group file ${path} already exists`);
    await writeFileAtomic(path, serializeVault(file));
    return new GroupStore(path, key);
  }

  /** Open and decrypt an existing group file; nothing on disk changes (stale temp files aside). */
  static async open(path: string, password: string): Promise<{ store: GroupStore; state: GroupState }> {
    const text = await readGroupFile(path);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new GryptError("VAULT_CORRUPT", `the group file ${path} is damaged or truncated (it is not a grypt group file)`);
    }
    let unlocked: Awaited<ReturnType<typeof unlockVault>>;
    try {
      unlocked = await unlockVault(password, data);
    } catch (error) {
      if (error instanceof GryptError && error.code === "VAULT_WRONG_PASSWORD") {
        throw new GryptError("VAULT_WRONG_PASSWORD", `wrong password for ${path} (the file was not changed)`);
      }
      if (error instanceof GryptError && error.code === "VAULT_CORRUPT") {
        throw new GryptError("VAULT_CORRUPT", `the group file ${path} is damaged or was tampered with: ${error.message}`);
      }
      throw error;
    }
    let content: unknown;
    try {
      content = JSON.parse(utf8Decode(unlocked.plaintext));
    } catch {
      throw new GryptError("VAULT_CORRUPT", `the group file ${path} decrypts to something that is not group data`);
    }
    const state = parseGroupState(content);
    await removeStaleTemps(path);
    return { store: new GroupStore(path, unlocked.key), state };
  }

  /** Persist `state`; resolves when it (or a later state) is durably on disk. */
  save(state: GroupState): Promise<void> {
    this.#next = state;
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    if (!this.#writing) this.#writing = this.#drain();
    return done;
  }

  /** Wait for every queued save. */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing.catch(() => undefined);
  }

  async #drain(): Promise<void> {
    while (this.#next) {
      const state = this.#next;
      const waiters = this.#waiters;
      this.#next = undefined;
      this.#waiters = [];
      try {
        const file = await sealVault(this.#key, utf8Encode(JSON.stringify(state)));
        await writeFileAtomic(this.path, serializeVault(file));
        for (const w of waiters) w.resolve();
      } catch (error) {
        for (const w of waiters) w.reject(error);
      }
    }
    this.#writing = undefined;
  }
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

async function readGroupFile(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new GryptError("NOT_FOUND", `the group file ${path} does not exist`);
    if (code === "EACCES") throw new GryptError("LOCKED", `no permission to read the group file ${path}`);
    throw new GryptError("VAULT_CORRUPT", `cannot read the group file ${path} (${code ?? "error"})`);
  }
}

/** Temporary files a killed process left next to the group file. */
async function removeStaleTemps(path: string): Promise<void> {
  const prefix = `.${basename(path)}${TEMP_MARK}`;
  const dir = dirname(path);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith(prefix)) await unlink(join(dir, name)).catch(() => undefined);
  }
}
