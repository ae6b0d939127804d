/** A chunk of wraps as the wrap pool delivers it: one buffer for its members, and which succeeded. */
import { RSA_CIPHERTEXT_BYTES } from "../../shared/webcrypto-params.ts";

/** An RSA-OAEP-3072 wrap. */
export const WRAPPED_BYTES = RSA_CIPHERTEXT_BYTES;

/**
 * The wraps of one chunk of members, `start` to `start + count - 1`: member `start + i` has its
 * wrap at bytes i × 384 of `bytes` when ok[i] is 1, and none (to wrap elsewhere) when it is 0.
 */
export interface WrappedChunk {
  start: number;
  count: number;
  bytes: Buffer;
  ok: Uint8Array;
}

/** Member `i` of `chunk` (0-based within it): its wrap as base64url text, or undefined. */
export function wrapText(chunk: WrappedChunk, i: number): string | undefined {
  return chunk.ok[i] === 1
    ? chunk.bytes.toString("base64url", i * WRAPPED_BYTES, (i + 1) * WRAPPED_BYTES)
    : undefined;
}
