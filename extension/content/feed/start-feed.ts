/**
 * One page life's feed, in the reading mode the member chose: private reading (the default:
 * posts in reading frames, the content script asks only which tokens decrypt) or the page's own
 * text (the setting "Show decrypted posts in the page's own text").
 */
import { extensionOrigins, extensionUrl } from "../runtime-api.ts";
import type { FeedService } from "../runtime-client.ts";
import type { DecryptService } from "./decrypt-service.ts";
import { FeedDecryptor } from "./feed-decryptor.ts";
import { ReaderFrames } from "./reader-frames.ts";

export interface Feed {
  decryptor: FeedDecryptor;
  /** Private reading's frames; null in the page's own text. */
  frames: ReaderFrames | null;
}

export function startFeed(
  document: Document,
  client: DecryptService & FeedService,
  readInPage: boolean,
  signal: AbortSignal,
): Feed {
  const frames = readInPage
    ? null
    : new ReaderFrames(document, extensionUrl, extensionOrigins(), signal);
  const service: DecryptService = readInPage
    ? client
    : { decryptBatch: (tokens) => client.checkBatch(tokens) };
  const decryptor = new FeedDecryptor(document, service, signal, frames);
  decryptor.start();
  return { decryptor, frames };
}
