/**
 * The part of a WebSocket the member client uses. The browser's WebSocket and the `ws`
 * package's WebSocket both satisfy it, so the client runs unchanged in the extension and in Node.
 */

/** Handlers are declared bivariantly so the platforms' richer event types fit. */
type Handler<E> = { bivarianceHack(event: E): void }["bivarianceHack"];

export const SOCKET_CONNECTING = 0;
export const SOCKET_OPEN = 1;
export const SOCKET_CLOSING = 2;
export const SOCKET_CLOSED = 3;

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number; reason: string }> | null;
  onerror: Handler<unknown> | null;
}

/** Opens a socket to `url` (e.g. `(url) => new WebSocket(url)`). */
export type ConnectSocket = (url: string) => WebSocketLike;

/** Timers, injectable so tests run on a fake clock. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The platform's timers, called unbound (browsers throw "Illegal invocation" otherwise). */
export const systemTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) =>
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};
