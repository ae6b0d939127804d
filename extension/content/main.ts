/** Content script entry: wires the feed (in the member's reading mode) and the in-place editing. */
import { type Feed, startFeed } from "./feed/start-feed.ts";
import { listenToBackground } from "./message-listener.ts";
import { runPageLives } from "./page-life.ts";
import { createRuntimeClient } from "./runtime-client.ts";

/** Aborted for good when the extension is reloaded or removed (its context is invalidated). */
const forever = new AbortController();
const client = createRuntimeClient(() => forever.abort());
let feed: Feed | null = null;
/** Asked once, then told by the background when it changes. */
let readInPage: Promise<boolean> | null = null;

const lives = runPageLives(window, forever.signal, (signal) => {
  readInPage ??= client.readInPage().catch(() => false);
  void readInPage.then((inPage) => {
    if (signal.aborted) return;
    const started = startFeed(document, client, inPage, signal);
    feed = started;
    signal.addEventListener("abort", () => {
      if (feed === started) feed = null;
    });
  });
});
listenToBackground(
  {
    document,
    isTopFrame: window.top === window,
    service: client,
    feed: () => feed,
    readingMode: (inPage) => {
      readInPage = Promise.resolve(inPage);
      lives.restart();
    },
  },
  forever.signal,
);
