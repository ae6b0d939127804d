/**
 * The group file's journal, `<group file>.journal`: the changes made since the snapshot (the
 * group file itself) was last written, one line each, so that a change costs one short
 * append and fsync instead of rewriting the whole file. Each line is a Fernet token under the
 * group file's key holding
 *   {"journal":1,"snapshot":<id>,"seq":1,2,3…,"change":{…}}      (change: group-change.ts)
 * where <id> names the snapshot the journal extends (SHA-256 of the group file's text). A
 * journal naming another snapshot is stale (a newer snapshot already holds its changes) and
 * is ignored. The last line may be cut short by a crash: a write is announced only after its
 * fsync, so an incomplete last line was never announced and is dropped. Anything else that
 * does not decrypt, parse or follow the sequence is VAULT_CORRUPT.
 */
import { constants } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import * as v from "valibot";
import { fsyncDirectory } from "../../node-only/atomic-write.ts";
import { asBufferSource, toBase64Url, utf8Decode, utf8Encode } from "../../shared/bytes.ts";
import { GryptError } from "../../shared/errors.ts";
import {
  decodeFernetToken,
  encodeFernetToken,
  type FernetKey,
  fernetDecrypt,
} from "../../shared/fernet.ts";
import { b64Exact } from "../../shared/protocol/fields.ts";
import { fernetEncryptSync } from "../crypto/fernet-seal-sync.ts";
import { type GroupChange, GroupChangeSchema } from "./group-change.ts";

/** A journal larger than this is refused as damaged (compaction keeps it far smaller). */
export const MAX_JOURNAL_BYTES = 64 * 1024 * 1024;

const JournalRecordSchema = v.strictObject({
  journal: v.literal(1),
  /** snapshotId(): base64url of a SHA-256. */
  snapshot: b64Exact(32),
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  change: GroupChangeSchema,
});

export interface JournalContents {
  changes: GroupChange[];
  /** Bytes of the file that hold those changes (what follows is stale or a cut-off line). */
  validBytes: number;
  /** Why part of the file was ignored, for the log; undefined if all of it was used. */
  ignored?: "stale" | "cut-off last line";
}

/** The id a journal uses to name its snapshot: SHA-256 of the group file's text, base64url. */
export async function snapshotId(fileText: string): Promise<string> {
  return toBase64Url(
    new Uint8Array(await crypto.subtle.digest("SHA-256", asBufferSource(utf8Encode(fileText)))),
  );
}

function damaged(path: string, detail: string): GryptError {
  return new GryptError(
    "VAULT_CORRUPT",
    `the journal ${path} is damaged or was tampered with: ${detail}`,
  );
}

async function openRecord(
  key: FernetKey,
  line: string,
): Promise<v.InferOutput<typeof JournalRecordSchema>> {
  const plaintext = await fernetDecrypt(key, decodeFernetToken(line));
  return v.parse(JournalRecordSchema, JSON.parse(utf8Decode(plaintext)));
}

/**
 * One journal line (with its newline) for change number `seq` after snapshot `snapshot`, sealed
 * on the spot (fernet-seal-sync.ts): no threadpool trip between a change and its write.
 */
export function sealJournalRecord(
  key: FernetKey,
  snapshot: string,
  seq: number,
  change: GroupChange,
): string {
  const record = { journal: 1, snapshot, seq, change };
  return `${encodeFernetToken(fernetEncryptSync(key, utf8Encode(JSON.stringify(record))))}\n`;
}

/** Read the journal extending `snapshot`; a missing file is an empty journal. */
export async function readJournal(
  path: string,
  key: FernetKey,
  snapshot: string,
): Promise<JournalContents> {
  let text: string;
  try {
    const bytes = await readFile(path);
    if (bytes.length > MAX_JOURNAL_BYTES) throw damaged(path, "it is too large");
    text = bytes.toString("latin1");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { changes: [], validBytes: 0 };
    if (error instanceof GryptError) throw error;
    throw new GryptError(
      "VAULT_CORRUPT",
      `cannot read the journal ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  const lines = text.split("\n");
  const changes: GroupChange[] = [];
  let validBytes = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const complete = i < lines.length - 1;
    if (!complete && line === "") break;
    const last = !complete || (i === lines.length - 2 && lines[i + 1] === "");
    let record: v.InferOutput<typeof JournalRecordSchema>;
    try {
      if (!complete) throw new Error("no newline");
      record = await openRecord(key, line);
    } catch {
      if (last) return { changes, validBytes, ignored: "cut-off last line" };
      throw damaged(path, `line ${i + 1} does not decrypt to a journal record`);
    }
    if (record.snapshot !== snapshot) {
      if (i === 0) return { changes: [], validBytes: 0, ignored: "stale" };
      throw damaged(path, `line ${i + 1} belongs to another snapshot`);
    }
    if (record.seq !== i + 1) throw damaged(path, `line ${i + 1} is change ${record.seq}`);
    changes.push(record.change);
    validBytes += line.length + 1;
  }
  return { changes, validBytes };
}

/**
 * Where the platform has O_DSYNC, each write returns once its data is on disk (one system call,
 * one trip to libuv's threadpool); elsewhere each write is followed by fdatasync.
 */
const { O_WRONLY, O_CREAT, O_APPEND, O_TRUNC, O_DSYNC } = constants;

/** Appends to one journal file; every append is on disk before it resolves. */
export class JournalWriter {
  readonly #handle: Awaited<ReturnType<typeof open>>;

  private constructor(handle: Awaited<ReturnType<typeof open>>) {
    this.#handle = handle;
  }

  /** Open for appending after `validBytes` (what follows is cut off); 0 starts a new file. */
  static async open(path: string, validBytes: number): Promise<JournalWriter> {
    const flags = O_WRONLY | O_CREAT | O_APPEND | (validBytes === 0 ? O_TRUNC : 0) | (O_DSYNC ?? 0);
    const handle = await open(path, flags, 0o600);
    try {
      if (validBytes > 0 && (await handle.stat()).size !== validBytes)
        await handle.truncate(validBytes);
      // A new file's name must be durable too, not only what is appended to it.
      if (validBytes === 0) await fsyncDirectory(dirname(path));
      return new JournalWriter(handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /**
   * The whole line, or an error: the kernel may write only part of it (a full disk, a quota, a
   * file size limit), and a part is not a saved change. What part did land is a cut-off last
   * line, which readJournal ignores; after an error the store writes no more to this file.
   */
  async append(line: string): Promise<void> {
    const bytes = Buffer.from(line, "utf8");
    for (let at = 0; at < bytes.length; ) {
      const { bytesWritten } = await this.#handle.write(bytes, at, bytes.length - at);
      if (bytesWritten <= 0) throw new Error("the journal write made no progress");
      at += bytesWritten;
    }
    if (O_DSYNC === undefined) await this.#handle.datasync();
  }

  close(): Promise<void> {
    return this.#handle.close();
  }
}
