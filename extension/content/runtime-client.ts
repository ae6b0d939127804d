/**
 * The content script's requests to the background, over extension messaging. Answers are
 * parsed with the shared schemas; a failure answer becomes a GryptError with the same code.
 * When the extension is reloaded or removed, this script's context is invalidated: every
 * request then fails with CONNECTION_CLOSED and `onInvalidated` is called once.
 */
import * as v from "valibot";
import { fromWireError, GryptError } from "../../shared/errors.ts";
import {
  CheckBatchResultSchema,
  type ContentRequest,
  DecryptBatchResultSchema,
  type EncryptTextResult,
  EncryptTextResultSchema,
  FailureSchema,
  FeedSettingsResultSchema,
} from "../messages/content-messages.ts";
import type { DecryptOutcome, DecryptService } from "./feed/decrypt-service.ts";
import { isContextValid, sendRuntimeMessage } from "./runtime-api.ts";

const DecryptAnswerSchema = v.variant("type", [DecryptBatchResultSchema, FailureSchema]);
const CheckAnswerSchema = v.variant("type", [CheckBatchResultSchema, FailureSchema]);
const SettingsAnswerSchema = v.variant("type", [FeedSettingsResultSchema, FailureSchema]);
const EncryptAnswerSchema = v.variant("type", [EncryptTextResultSchema, FailureSchema]);

export interface EncryptService {
  encryptText(plaintext: string, groupId?: string): Promise<EncryptTextResult>;
}

/** Private reading: which tokens decrypt, without their words; and the reading setting. */
export interface FeedService {
  checkBatch(tokens: string[]): Promise<DecryptOutcome[]>;
  readInPage(): Promise<boolean>;
}

const NOT_UNDERSTOOD = "the extension's answer was not understood";

function checkCount(results: readonly unknown[], tokens: readonly string[]): void {
  if (results.length !== tokens.length)
    throw new GryptError(
      "MESSAGE_INVALID",
      "the extension answered for the wrong number of tokens",
    );
}

export function createRuntimeClient(
  onInvalidated: () => void,
): DecryptService & EncryptService & FeedService {
  async function request(message: ContentRequest): Promise<unknown> {
    if (!isContextValid()) {
      onInvalidated();
      throw new GryptError("CONNECTION_CLOSED", "grypt was reloaded or removed; reload the page");
    }
    try {
      return await sendRuntimeMessage(message);
    } catch {
      if (!isContextValid()) onInvalidated();
      throw new GryptError("CONNECTION_CLOSED", "the grypt extension did not answer");
    }
  }

  return {
    async decryptBatch(tokens: string[]): Promise<DecryptOutcome[]> {
      const answer = v.safeParse(
        DecryptAnswerSchema,
        await request({ type: "decrypt-batch", tokens }),
      );
      if (!answer.success) throw new GryptError("MESSAGE_INVALID", NOT_UNDERSTOOD);
      if (answer.output.type === "failure") throw fromWireError(answer.output.error);
      checkCount(answer.output.results, tokens);
      return answer.output.results;
    },
    async checkBatch(tokens: string[]): Promise<DecryptOutcome[]> {
      const answer = v.safeParse(CheckAnswerSchema, await request({ type: "check-batch", tokens }));
      if (!answer.success) throw new GryptError("MESSAGE_INVALID", NOT_UNDERSTOOD);
      if (answer.output.type === "failure") throw fromWireError(answer.output.error);
      checkCount(answer.output.results, tokens);
      return answer.output.results;
    },
    async readInPage(): Promise<boolean> {
      const answer = v.safeParse(SettingsAnswerSchema, await request({ type: "feed-settings" }));
      if (!answer.success) throw new GryptError("MESSAGE_INVALID", NOT_UNDERSTOOD);
      if (answer.output.type === "failure") throw fromWireError(answer.output.error);
      return answer.output.readInPage;
    },
    async encryptText(plaintext: string, groupId?: string): Promise<EncryptTextResult> {
      const message: ContentRequest =
        groupId === undefined
          ? { type: "encrypt-text", plaintext }
          : { type: "encrypt-text", plaintext, groupId };
      const answer = v.safeParse(EncryptAnswerSchema, await request(message));
      if (!answer.success) throw new GryptError("MESSAGE_INVALID", NOT_UNDERSTOOD);
      if (answer.output.type === "failure") throw fromWireError(answer.output.error);
      return answer.output;
    },
  };
}
