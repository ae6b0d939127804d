/**
 * The member client's side toward its host (the extension's background, the command line): the
 * current status and the waiters on it, and the host's callbacks, each guarded: a callback that
 * throws is reported through onError and never breaks the connection.
 */
import { toWireError, type WireError } from "../errors.ts";
import type { ResolvedOptions } from "./client-options.ts";
import { isTerminal, type MemberStatus } from "./member-status.ts";
import { StatusWaiters, type WaitOptions } from "./status-waiters.ts";

/** The host's callbacks this reports to. */
type EventOptions = Pick<ResolvedOptions, "onStatus" | "onError">;

export class ClientEvents {
  readonly #options: EventOptions;
  readonly #waiters: StatusWaiters;
  #status: MemberStatus = { state: "stopped" };

  constructor(options: EventOptions & Pick<ResolvedOptions, "timers">) {
    this.#options = options;
    this.#waiters = new StatusWaiters(options.timers);
  }

  get status(): MemberStatus {
    return this.#status;
  }

  setStatus(status: MemberStatus): void {
    this.#status = status;
    try {
      this.#options.onStatus?.(status);
    } catch {
      this.report({ code: "INTERNAL", message: "onStatus callback failed" });
    }
    this.#waiters.notify(status);
  }

  /**
   * Settles when the status matches; rejects on timeout, abort, or a terminal state that does
   * not match (`stopped` counts as terminal only once the client has been started).
   */
  waitForStatus(
    started: boolean,
    predicate: (status: MemberStatus) => boolean,
    options?: WaitOptions,
  ): Promise<MemberStatus> {
    const final = isTerminal(this.#status) && (this.#status.state !== "stopped" || started);
    return this.#waiters.wait(this.#status, final, predicate, options);
  }

  /** Run a host callback; a failure is reported, not thrown. */
  async guard(run: () => void | Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.report({ code: "INTERNAL", message: `callback failed: ${toWireError(error).message}` });
    }
  }

  report(error: WireError): void {
    try {
      this.#options.onError?.(error);
    } catch {
      // A failing log callback must not break the connection.
    }
  }
}
