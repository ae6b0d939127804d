/**
 * Runs in a plain Chromium page (bundled by feed-harness.ts): the content script's real
 * FeedDecryptor over the page's DOM, with a scripted background whose answers the test sets
 * per token and can hold back, to reproduce what a slow background and a busy page do together.
 * The scripted background checks each request with the shared schema, and answers LOCKED after
 * keysChanged(true) until keysChanged(false), as the real one does.
 */
import * as v from "valibot";
import type {
  DecryptOutcome,
  DecryptService,
} from "../../../extension/content/feed/decrypt-service.ts";
import { FeedDecryptor } from "../../../extension/content/feed/feed-decryptor.ts";
import { DecryptBatchSchema } from "../../../extension/messages/content-messages.ts";
import { type ErrorCode, GryptError } from "../../../shared/errors.ts";
import { formatPostToken } from "../../../shared/post-token.ts";

export interface FeedHarnessControls {
  /** A well-formed post token with a random payload of `blocks` cipher blocks. */
  token(groupId: string, epoch: number, blocks?: number): string;
  /** Answers for this token from now on: its plaintext, or an error code. */
  answer(token: string, plaintext: string, groupName?: string): void;
  fail(token: string, code: ErrorCode): void;
  /** Holds every answer back until release(). */
  hold(): void;
  release(): void;
  /** The tokens of each request the background got (valid or not). */
  readonly requests: string[][];
  start(): void;
  keysChanged(locked: boolean): void;
  abort(): void;
  /** Resolves once no request is out and the decryptor has applied the answers (its slices ran). */
  idle(): Promise<void>;
}

const answers = new Map<string, DecryptOutcome>();
const requests: string[][] = [];
let gate: { promise: Promise<void>; open(): void } | null = null;
let inFlight = 0;
let locked = false;
const controller = new AbortController();
let decryptor: FeedDecryptor | null = null;

const service: DecryptService = {
  async decryptBatch(tokens) {
    requests.push([...tokens]);
    inFlight++;
    try {
      if (!v.safeParse(DecryptBatchSchema, { type: "decrypt-batch", tokens }).success) {
        throw new GryptError("MESSAGE_INVALID", "the request is invalid");
      }
      while (gate !== null) await gate.promise;
      return tokens.map((token): DecryptOutcome => {
        if (locked) return { ok: false, error: { code: "LOCKED", message: "locked" } };
        return (
          answers.get(token) ?? {
            ok: false,
            error: { code: "UNKNOWN_GROUP", message: "not joined" },
          }
        );
      });
    } finally {
      inFlight--;
    }
  },
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const controls: FeedHarnessControls = {
  token(groupId, epoch, blocks = 1) {
    const payload = crypto.getRandomValues(new Uint8Array(57 + 16 * blocks));
    payload[0] = 0x80;
    return formatPostToken({ groupId, epoch, payload });
  },
  answer(token, plaintext, groupName = "Secret circle") {
    const epoch = Number(token.split(":")[2]);
    answers.set(token, {
      ok: true,
      plaintext,
      groupId: token.split(":")[1] ?? "",
      groupName,
      epoch,
    });
  },
  fail(token, code) {
    answers.set(token, { ok: false, error: { code, message: code } });
  },
  hold() {
    if (gate !== null) return;
    let open = () => {};
    const promise = new Promise<void>((resolve) => {
      open = resolve;
    });
    gate = { promise, open };
  },
  release() {
    const held = gate;
    gate = null;
    held?.open();
  },
  requests,
  start() {
    decryptor = new FeedDecryptor(document, service, controller.signal);
    decryptor.start();
  },
  keysChanged(lock) {
    locked = lock;
    decryptor?.keysChanged(lock);
  },
  abort() {
    controller.abort();
  },
  async idle() {
    do await sleep(5);
    while (inFlight > 0 || decryptor?.busy === true);
  },
};

(window as unknown as { __feed: FeedHarnessControls }).__feed = controls;
