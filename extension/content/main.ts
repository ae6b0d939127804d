/** Content script entry: wires the feed decryptor and the in-place editing to the background. */
import { FeedDecryptor } from "./feed/feed-decryptor.ts";
import { listenToBackground } from "./message-listener.ts";
import { runPageLives } from "./page-life.ts";
import { createRuntimeClient } from "./runtime-client.ts";

/** Aborted for good when the extension is reloaded or removed (its context is invalidated). */
const forever = new AbortController();
const client = createRuntimeClient(() => forever.abort());
let feed: FeedDecryptor | null = null;

runPageLives(window, forever.signal, (signal) => {
  const decryptor = new FeedDecryptor(document, client, signal);
  feed = decryptor;
  signal.addEventListener("abort", () => {
    if (feed === decryptor) feed = null;
  });
  decryptor.start();
});
listenToBackground(
  { document, isTopFrame: window.top === window, service: client, feed: () => feed },
  forever.signal,
);
