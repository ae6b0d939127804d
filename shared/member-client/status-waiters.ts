/** Promises that settle when the client's status matches a predicate (or can no longer). */
import { GryptError } from "../errors.ts";
import { isTerminal, type MemberStatus, terminalErrorCode } from "./member-status.ts";
import type { Timers } from "./websocket-like.ts";

export interface WaitOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

interface Waiter {
  predicate: (status: MemberStatus) => boolean;
  resolve: (status: MemberStatus) => void;
  reject: (error: unknown) => void;
}

export class StatusWaiters {
  readonly #waiters = new Set<Waiter>();
  readonly #timers: Timers;

  constructor(timers: Timers) {
    this.#timers = timers;
  }

  /** Settle every waiter the new status decides: matched, or terminal without a match. */
  notify(status: MemberStatus): void {
    for (const waiter of [...this.#waiters]) {
      if (waiter.predicate(status)) waiter.resolve(status);
      else if (isTerminal(status)) waiter.reject(terminalError(status));
    }
  }

  wait(
    current: MemberStatus,
    final: boolean,
    predicate: (s: MemberStatus) => boolean,
    options: WaitOptions = {},
  ): Promise<MemberStatus> {
    if (predicate(current)) return Promise.resolve(current);
    if (final) return Promise.reject(terminalError(current));
    const { signal, timeoutMs } = options;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<MemberStatus>((resolve, reject) => {
      let timer: unknown;
      const onAbort = () => waiter.reject(abortError(signal!));
      const done = () => {
        this.#waiters.delete(waiter);
        if (timer !== undefined) this.#timers.clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const waiter: Waiter = {
        predicate,
        resolve: (s) => {
          done();
          resolve(s);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      };
      this.#waiters.add(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
      if (timeoutMs !== undefined) {
        timer = this.#timers.setTimeout(
          () =>
            waiter.reject(
              new GryptError(
                "TIMEOUT",
                `no answer from the group server within ${Math.ceil(timeoutMs / 1000)} s`,
              ),
            ),
          timeoutMs,
        );
      }
    });
  }
}

function terminalError(status: MemberStatus): GryptError {
  const code = terminalErrorCode(status);
  const messages: Record<string, string> = {
    DENIED: "the admin denied this member",
    REMOVED: "this member was removed from the group",
    SERVER_KEY_MISMATCH: "the server's key is not the pinned one",
  };
  return new GryptError(code, messages[code] ?? "the member client was stopped");
}

function abortError(signal: AbortSignal): unknown {
  if (signal.reason instanceof GryptError) return signal.reason;
  return new GryptError("TIMEOUT", "stopped waiting for the group server");
}
