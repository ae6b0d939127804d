/**
 * What the feed needs from the background: one request decrypts a batch of tokens (in-page
 * reading), or says which of them decrypt (private reading: no plaintext in the content script).
 */
import { toWireError, type WireError } from "../../../shared/errors.ts";
import { MAX_BATCH_TOKENS, MAX_TOKEN_CHARS } from "../../messages/content-messages.ts";
import type { Decrypted } from "./token-mark.ts";

/** Private reading: the token decrypts under this epoch; the words go to its reading frame only. */
export interface Readable {
  groupId: string;
  epoch: number;
}

export type DecryptOutcome =
  | ({ ok: true } & Decrypted)
  | ({ ok: true } & Readable)
  | { ok: false; error: WireError };

export interface DecryptService {
  /** One outcome per token, in order. Throws a GryptError when the whole request fails. */
  decryptBatch(tokens: string[]): Promise<DecryptOutcome[]>;
}

/** A token longer than the background takes: never sent, so it cannot fail its whole batch. */
const TOO_LONG: DecryptOutcome = {
  ok: false,
  error: {
    code: "MESSAGE_TOO_LARGE",
    message: `a post token longer than ${MAX_TOKEN_CHARS} characters`,
  },
};

/**
 * The outcome for each distinct token, in requests of at most MAX_BATCH_TOKENS; a failed
 * request becomes that failure for each of its tokens. Null when aborted meanwhile.
 */
export async function decryptTokens(
  service: DecryptService,
  tokens: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, DecryptOutcome> | null> {
  const outcomes = new Map<string, DecryptOutcome>();
  const distinct: string[] = [];
  for (const token of new Set(tokens)) {
    if (token.length > MAX_TOKEN_CHARS) outcomes.set(token, TOO_LONG);
    else distinct.push(token);
  }
  for (let i = 0; i < distinct.length; i += MAX_BATCH_TOKENS) {
    const chunk = distinct.slice(i, i + MAX_BATCH_TOKENS);
    let results: DecryptOutcome[];
    try {
      results = await service.decryptBatch(chunk);
    } catch (error) {
      results = chunk.map(() => ({ ok: false, error: toWireError(error) }));
    }
    if (signal.aborted) return null;
    chunk.forEach((token, index) => {
      const result = results[index];
      if (result !== undefined) outcomes.set(token, result);
    });
  }
  return outcomes;
}
