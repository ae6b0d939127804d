/** What the feed needs from the background: one request decrypts a batch of tokens. */
import { toWireError, type WireError } from "../../../shared/errors.ts";
import { MAX_BATCH_TOKENS } from "../../../shared/runtime-messages/content-messages.ts";
import type { Decrypted } from "./token-mark.ts";

export type DecryptOutcome = ({ ok: true } & Decrypted) | { ok: false; error: WireError };

export interface DecryptService {
  /** One outcome per token, in order. Throws a GryptError when the whole request fails. */
  decryptBatch(tokens: string[]): Promise<DecryptOutcome[]>;
}

/**
 * The outcome for each distinct token, in requests of at most MAX_BATCH_TOKENS; a failed
 * request becomes that failure for each of its tokens. Null when aborted meanwhile.
 */
export async function decryptTokens(
  service: DecryptService,
  tokens: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, DecryptOutcome> | null> {
  const distinct = [...new Set(tokens)];
  const outcomes = new Map<string, DecryptOutcome>();
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
