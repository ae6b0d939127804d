/**
 * One WebDriver BiDi WebSocket to Firefox: numbered commands answered by id, events handed to
 * listeners. Every incoming frame is parsed; a command fails with Firefox's own error text.
 */
import * as v from "valibot";
import WebSocket from "ws";
import { IncomingMessage } from "./firefox-bidi-protocol.ts";

type Params = Record<string, unknown>;

/** The BiDi commands this harness sends (a typo is a type error, not a runtime "unknown command"). */
export type BidiMethod =
  | "session.new"
  | "session.subscribe"
  | "browser.close"
  | "webExtension.install"
  | "browsingContext.getTree"
  | "browsingContext.create"
  | "browsingContext.navigate"
  | "browsingContext.reload"
  | "browsingContext.close"
  | "script.evaluate"
  | "script.callFunction"
  | "input.performActions"
  | "input.releaseActions";

/** The BiDi events this harness listens to. */
export type BidiEvent = "log.entryAdded";
type EventListener = (params: Params) => void;

interface PendingCommand {
  method: BidiMethod;
  resolve: (result: Params) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const COMMAND_TIMEOUT_MS = 60_000;

export class BidiConnection {
  readonly #socket: WebSocket;
  readonly #pending = new Map<number, PendingCommand>();
  readonly #listeners = new Map<string, Set<EventListener>>();
  #nextId = 1;
  #closedReason: string | null = null;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on("message", (data, isBinary) => {
      if (isBinary) return;
      this.#receive(data.toString());
    });
    socket.on("close", () => this.#failAll("the BiDi connection closed"));
    socket.on("error", (error) => this.#failAll(`the BiDi connection failed: ${error.message}`));
  }

  /** Open ws://host:port/session; rejects if the socket does not open. */
  static open(url: string): Promise<BidiConnection> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { maxPayload: 64 * 1024 * 1024 });
      const onError = (error: Error) => reject(error);
      socket.once("error", onError);
      socket.once("open", () => {
        socket.off("error", onError);
        resolve(new BidiConnection(socket));
      });
    });
  }

  /** Send one command; resolves with its `result`, rejects with Firefox's error or a timeout. */
  command(
    method: BidiMethod,
    params: Params = {},
    timeoutMs = COMMAND_TIMEOUT_MS,
  ): Promise<Params> {
    if (this.#closedReason !== null)
      return Promise.reject(new Error(`${method}: ${this.#closedReason}`));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${method}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { method, resolve, reject, timer });
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Listen to one event method (after session.subscribe); returns the unsubscribe function. */
  on(method: BidiEvent, listener: EventListener): () => void {
    const set = this.#listeners.get(method) ?? new Set<EventListener>();
    set.add(listener);
    this.#listeners.set(method, set);
    return () => set.delete(listener);
  }

  get closed(): boolean {
    return this.#closedReason !== null;
  }

  close(): void {
    this.#failAll("the BiDi connection was closed by the test");
    this.#socket.close();
  }

  #receive(text: string): void {
    let message: IncomingMessage;
    try {
      message = v.parse(IncomingMessage, JSON.parse(text));
    } catch (error) {
      this.#failAll(
        `Firefox sent a frame this harness cannot read: ${String(error)}: ${text.slice(0, 200)}`,
      );
      return;
    }
    if (message.type === "event") {
      for (const listener of this.#listeners.get(message.method) ?? []) listener(message.params);
      return;
    }
    const pending = message.id === null ? undefined : this.#pending.get(message.id);
    if (pending === undefined) return;
    this.#pending.delete(message.id!);
    clearTimeout(pending.timer);
    if (message.type === "success") pending.resolve(message.result);
    else pending.reject(new Error(`${pending.method}: ${message.error}: ${message.message}`));
  }

  #failAll(reason: string): void {
    this.#closedReason ??= reason;
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new Error(`${pending.method}: ${reason}`));
    }
    this.#pending.clear();
  }
}
