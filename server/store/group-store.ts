/**
 * The group file and its journal. The file is the group state as JSON sealed in a password
 * vault (shared/vault.ts), replaced atomically; the journal (group-journal.ts) holds the
 * changes since. A save appends its change to the journal when it has the usual shape
 * (rotations, requests, approvals, kicks: a few hundred bytes and one fsync, whatever the
 * group's size) and rewrites the file otherwise. A journal that has grown is folded into a
 * new file once the group is idle for a moment, and on close, so a stopped server leaves one
 * file. Saves are queued and coalesced; `save` resolves only once a write holding that state
 * is durable. The derived vault key is cached, so saves do not re-run PBKDF2.
 */
import { mkdir, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { writeFileAtomic } from "../../node-only/atomic-write.ts";
import { storageError } from "../../node-only/storage-error.ts";
import { utf8Encode } from "../../shared/bytes.ts";
import { GryptError } from "../../shared/errors.ts";
import { type FernetKey, importFernetKey } from "../../shared/fernet.ts";
import { createVault, sealVault, serializeVault, type VaultKey } from "../../shared/vault.ts";
import { type GroupState, parseGroupState } from "../state/group-schema.ts";
import { writeGroupBackup } from "./group-backup.ts";
import { applyGroupChange, diffGroupState } from "./group-change.ts";
import {
  fileExists,
  journalPathFor,
  readGroupFile,
  removeStaleTemps,
  unlockGroupFile,
} from "./group-file.ts";
import { JournalWriter, readJournal, sealJournalRecord, snapshotId } from "./group-journal.ts";
import { SaveQueue } from "./save-queue.ts";

/** Fold the journal into the file after this many changes or bytes, once idle for COMPACT_IDLE_MS. */
export const COMPACT_AFTER_RECORDS = 64;
export const COMPACT_AFTER_BYTES = 1024 * 1024;
export const COMPACT_IDLE_MS = 2000;
/** Past this many changes or bytes the next save rewrites the file at once. */
export const JOURNAL_LIMIT_RECORDS = 1024;
export const JOURNAL_LIMIT_BYTES = 16 * 1024 * 1024;

interface Journal {
  writer?: JournalWriter;
  records: number;
  bytes: number;
}

export class GroupStore {
  readonly path: string;
  readonly journalPath: string;
  readonly #key: VaultKey;
  readonly #fernet: FernetKey;
  readonly #queue: SaveQueue<GroupState>;
  /** The state on disk (file plus journal); undefined after a failed write (then: a full rewrite). */
  #saved: GroupState | undefined;
  #snapshot: string;
  #journal: Journal;
  #idle: NodeJS.Timeout | undefined;

  private constructor(
    path: string,
    key: VaultKey,
    fernet: FernetKey,
    snapshot: string,
    saved: GroupState,
    journal: Journal,
  ) {
    this.path = path;
    this.journalPath = journalPathFor(path);
    this.#key = key;
    this.#fernet = fernet;
    this.#snapshot = snapshot;
    this.#saved = saved;
    this.#journal = journal;
    this.#queue = new SaveQueue(
      (state) => this.#write(state),
      () => this.#compact(),
    );
  }

  /** Create a new group file (refuses to overwrite an existing one). */
  static async create(
    path: string,
    password: string,
    state: GroupState,
    iterations?: number,
  ): Promise<GroupStore> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 }).catch((error: unknown) => {
      throw storageError("create the directory of", path, error, "no group was created");
    });
    const plaintext = utf8Encode(JSON.stringify(state));
    const { file, key } = await createVault(
      password,
      plaintext,
      iterations ? { iterations } : undefined,
    );
    if (await fileExists(path))
      throw new GryptError("CONFLICT", `the group file ${path} already exists`);
    const text = serializeVault(file);
    await writeFileAtomic(path, text).catch((error: unknown) => {
      throw storageError("create the group file", path, error, "no group was created");
    });
    await unlink(journalPathFor(path)).catch(() => undefined);
    return new GroupStore(
      path,
      key,
      await importFernetKey(key.key),
      await snapshotId(text),
      state,
      { records: 0, bytes: 0 },
    );
  }

  /**
   * Open the group file and replay its journal. Nothing on disk changes (stale temporary files
   * aside); `notes` says what part of the journal was ignored, if any, for the log.
   */
  static async open(
    path: string,
    password: string,
  ): Promise<{ store: GroupStore; state: GroupState; notes: string[] }> {
    const text = await readGroupFile(path);
    const unlocked = await unlockGroupFile(path, text, password);
    const fernet = await importFernetKey(unlocked.key.key);
    const snapshot = await snapshotId(text);
    const contents = await readJournal(journalPathFor(path), fernet, snapshot);
    let state = unlocked.state;
    if (contents.changes.length > 0)
      state = parseGroupState(contents.changes.reduce(applyGroupChange, state));
    const notes = contents.ignored
      ? [`journal: ignored its ${contents.ignored} (never announced)`]
      : [];
    await removeStaleTemps(path);
    const journal = { records: contents.changes.length, bytes: contents.validBytes };
    return {
      store: new GroupStore(path, unlocked.key, fernet, snapshot, state, journal),
      state,
      notes,
    };
  }

  /** Persist `state`; resolves when it (or a later state) is durably on disk. */
  save(state: GroupState): Promise<void> {
    if (this.#idle) clearTimeout(this.#idle);
    return this.#queue.save(state);
  }

  /** Wait for every queued save. */
  flush(): Promise<void> {
    return this.#queue.flush();
  }

  /** Fold the journal into the group file now (after the queued saves). */
  compact(): Promise<void> {
    return this.#queue.compact();
  }

  /**
   * Write `state` (a state already saved) as a complete group file at `path`, sealed with the
   * same password; returns its size in bytes. It is written from memory: no queued write, and
   * no compaction, needs to finish first.
   */
  async backup(path: string, state: GroupState): Promise<number> {
    const text = serializeVault(await sealVault(this.#key, utf8Encode(JSON.stringify(state))));
    await writeGroupBackup(path, text, this.path);
    return text.length;
  }

  /** Finish the queued saves, fold the journal in, release the journal file. */
  async close(): Promise<void> {
    if (this.#idle) clearTimeout(this.#idle);
    await this.flush();
    if (this.#journal.records > 0) await this.compact();
    await this.#closeJournal();
  }

  async #write(state: GroupState): Promise<void> {
    try {
      const journal = this.#journal;
      const roomy = journal.records < JOURNAL_LIMIT_RECORDS && journal.bytes < JOURNAL_LIMIT_BYTES;
      const change = this.#saved && roomy ? diffGroupState(this.#saved, state) : undefined;
      if (!change) return await this.#writeSnapshot(state);
      if (Object.keys(change).length > 0) {
        const line = sealJournalRecord(this.#fernet, this.#snapshot, journal.records + 1, change);
        journal.writer ??= await JournalWriter.open(this.journalPath, journal.bytes);
        await journal.writer.append(line);
        journal.records++;
        journal.bytes += line.length;
      }
      this.#saved = state;
      this.#compactWhenIdle();
    } catch (error) {
      await this.#forgetDisk();
      throw storageError("save the group to", this.path, error, "the change was not made");
    }
  }

  async #writeSnapshot(state: GroupState): Promise<void> {
    const text = serializeVault(await sealVault(this.#key, utf8Encode(JSON.stringify(state))));
    const snapshot = await snapshotId(text);
    await writeFileAtomic(this.path, text);
    // The journal now names an older file, so it is stale; the next change starts a new one.
    await this.#closeJournal();
    this.#journal = { records: 0, bytes: 0 };
    this.#snapshot = snapshot;
    this.#saved = state;
    await unlink(this.journalPath).catch(() => undefined);
  }

  async #compact(): Promise<void> {
    if (!this.#saved || this.#journal.records === 0) return;
    try {
      await this.#writeSnapshot(this.#saved);
    } catch (error) {
      await this.#forgetDisk();
      throw storageError(
        "fold the journal into",
        this.path,
        error,
        "the journal keeps every change",
      );
    }
  }

  /** After a failed write the disk may hold either state: only a full rewrite is certain now. */
  async #forgetDisk(): Promise<void> {
    this.#saved = undefined;
    await this.#closeJournal();
  }

  #compactWhenIdle(): void {
    if (this.#journal.records < COMPACT_AFTER_RECORDS && this.#journal.bytes < COMPACT_AFTER_BYTES)
      return;
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = setTimeout(() => void this.compact().catch(() => undefined), COMPACT_IDLE_MS);
    this.#idle.unref();
  }

  async #closeJournal(): Promise<void> {
    const writer = this.#journal.writer;
    this.#journal.writer = undefined;
    await writer?.close().catch(() => undefined);
  }
}
