/**
 * The lives of a page as far as the content script is concerned: work starts when the page
 * is shown and is aborted on pagehide (it restarts if the page comes back from the
 * back/forward cache), and for good when the extension's context is invalidated.
 */

/**
 * `forever` aborts when the extension is reloaded or removed: nothing restarts after it.
 * `restart` ends the current life and begins another (the reading setting changed).
 */
export function runPageLives(
  window: Window,
  forever: AbortSignal,
  start: (signal: AbortSignal) => void,
): { restart(): void } {
  let current: AbortController | null = null;

  const begin = (): void => {
    if (forever.aborted || current !== null) return;
    current = new AbortController();
    start(current.signal);
  };
  const end = (): void => {
    current?.abort();
    current = null;
  };

  window.addEventListener("pagehide", end, { signal: forever });
  window.addEventListener("pageshow", (event) => event.persisted && begin(), { signal: forever });
  forever.addEventListener("abort", end, { once: true });
  begin();
  return {
    restart: () => {
      if (current === null) return;
      end();
      begin();
    },
  };
}
