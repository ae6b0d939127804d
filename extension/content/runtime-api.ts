/**
 * The two pieces of extension messaging the content script uses, straight from the browser
 * (`browser` in Firefox, `chrome` in Chromium; both return promises from sendMessage). Not
 * webextension-polyfill: the content script stays small, and listeners answer through
 * sendResponse, which both browsers support.
 */

type Listener = (
  message: unknown,
  sender: unknown,
  sendResponse: (response: unknown) => void,
) => boolean;

interface RuntimeApi {
  readonly id?: string;
  getURL(path: string): string;
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: { addListener(listener: Listener): void; removeListener(listener: Listener): void };
}

function runtime(): RuntimeApi | undefined {
  const scope = globalThis as {
    browser?: { runtime?: RuntimeApi };
    chrome?: { runtime?: RuntimeApi };
  };
  return scope.browser?.runtime ?? scope.chrome?.runtime;
}

/** False once the extension was reloaded or removed (this script's context is invalidated). */
export function isContextValid(): boolean {
  try {
    return typeof runtime()?.id === "string";
  } catch {
    return false;
  }
}

/** The address of one of the extension's files (in Chromium, its per-session dynamic address for web-accessible ones). */
export function extensionUrl(path: string): string {
  const api = runtime();
  if (api === undefined) throw new Error("no extension runtime");
  return api.getURL(path);
}

/**
 * The origins the extension's own documents have: Chromium loads a resource asked for by its
 * dynamic URL under the extension's fixed id, so both count.
 */
export function extensionOrigins(): string[] {
  const api = runtime();
  if (api === undefined || api.id === undefined) return [];
  const dynamic = new URL(api.getURL(""));
  return [dynamic.origin, `${dynamic.protocol}//${api.id}`];
}

export function sendRuntimeMessage(message: unknown): Promise<unknown> {
  const api = runtime();
  if (api === undefined) return Promise.reject(new Error("no extension runtime"));
  return api.sendMessage(message);
}

/** Adds a listener whose promise (if any) becomes the answer; returns the function removing it. */
export function onRuntimeMessage(
  handle: (message: unknown) => Promise<unknown> | undefined,
): () => void {
  const api = runtime();
  if (api === undefined) return () => {};
  const listener: Listener = (message, _sender, sendResponse) => {
    const answer = handle(message);
    if (answer === undefined) return false;
    answer.then(sendResponse, () => sendResponse(undefined));
    return true;
  };
  api.onMessage.addListener(listener);
  return () => api.onMessage.removeListener(listener);
}
