/** Batching the feed's tokens for the background (pure: a scripted service). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as v from "valibot";
import {
  type DecryptService,
  decryptTokens,
} from "../../../extension/content/feed/decrypt-service.ts";
import {
  DecryptBatchSchema,
  MAX_TOKEN_CHARS,
} from "../../../extension/messages/content-messages.ts";
import { GryptError } from "../../../shared/errors.ts";

/** Rejects a request the background's schema rejects, as the background does; else decrypts. */
function scriptedService(sent: string[][]): DecryptService {
  return {
    async decryptBatch(tokens) {
      sent.push(tokens);
      if (!v.safeParse(DecryptBatchSchema, { type: "decrypt-batch", tokens }).success) {
        throw new GryptError("MESSAGE_INVALID", "invalid request");
      }
      return tokens.map((token) => ({
        ok: true,
        plaintext: `plain ${token.length}`,
        groupId: "G",
        groupName: "",
        epoch: 1,
      }));
    },
  };
}

describe("decryptTokens", () => {
  it("leaves a token longer than the background takes unread, without sending it", async () => {
    const sent: string[][] = [];
    const short = "grypt:G:1:abc";
    const long = `grypt:G:1:${"a".repeat(MAX_TOKEN_CHARS)}`;
    const atLimit = `grypt:G:1:${"b".repeat(MAX_TOKEN_CHARS - 10)}`;
    const outcomes = await decryptTokens(
      scriptedService(sent),
      [short, long, atLimit, short],
      new AbortController().signal,
    );
    // Lengths, not the tokens: a failed comparison of 64 KiB strings takes minutes to print.
    assert.deepEqual(
      sent.map((batch) => batch.map((token) => token.length)),
      [[short.length, atLimit.length]],
    );
    assert.equal(outcomes?.get(short)?.ok, true);
    assert.equal(outcomes?.get(atLimit)?.ok, true);
    const refused = outcomes?.get(long);
    assert.equal(refused?.ok, false);
  });
});
