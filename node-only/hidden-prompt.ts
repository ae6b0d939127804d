/**
 * Passwords typed on a terminal, without echo (raw mode), for grypt-server and grypt. One
 * prompt reads several answers in turn: what arrives after an Enter in the same burst (a
 * password manager's auto-type, a script sending both answers at once) starts the next answer
 * instead of being dropped, and what is left after the last answer goes back to the input for
 * whoever reads it next (the server's console). Editing keys: line-editor.ts. Ctrl-C cancels
 * with CANCELLED (the CLIs exit 130), Ctrl-D or a closed terminal with INVALID_ARGUMENT. The
 * terminal's mode is restored on close.
 */
import type { Readable, Writable } from "node:stream";
import { GryptError } from "../shared/errors.ts";
import { LineEditor } from "./line-editor.ts";

/** A terminal's input: tty.ReadStream, or anything with the same raw-mode switch. */
export type RawInput = Readable & { isRaw: boolean; setRawMode(mode: boolean): unknown };

export interface HiddenPrompt {
  /** Write `question`, then resolve with the next line typed (not echoed). */
  ask(question: string): Promise<string>;
  /** Write a line of explanation to the terminal (not the answer's). */
  tell(text: string): void;
  /** Restore the terminal and stop reading (then `after`, e.g. closing a /dev/tty stream). */
  close(): void;
}

interface Waiter {
  resolve: (line: string) => void;
  reject: (error: GryptError) => void;
}

export function openHiddenPrompt(
  input: RawInput,
  output: Writable,
  after?: () => void,
): HiddenPrompt {
  const wasRaw = input.isRaw;
  input.setRawMode(true);
  input.setEncoding("utf8");
  const editor = new LineEditor();
  /** Characters after the last Enter, for the next answer. */
  let unread = "";
  let waiter: Waiter | undefined;
  let failure: GryptError | undefined;
  let closed = false;

  const fail = (error: GryptError) => {
    failure ??= error;
    const w = waiter;
    waiter = undefined;
    w?.reject(failure);
  };
  /** Consume `text` for the waiting answer; returns what follows its Enter (or "" if none). */
  const consume = (text: string): string => {
    const typed = editor.feed(text);
    if (typed.kind === "cancel") fail(typed.error);
    if (typed.kind !== "line") return "";
    const w = waiter;
    waiter = undefined;
    w?.resolve(typed.line);
    return typed.rest;
  };
  const onData = (chunk: string) => {
    unread += chunk;
    if (!waiter) return;
    unread = consume(unread);
    if (!waiter) input.pause();
  };
  const onEnd = () =>
    fail(new GryptError("INVALID_ARGUMENT", "the terminal closed during password entry"));
  input.on("data", onData);
  input.on("end", onEnd);

  return {
    ask(question) {
      if (closed)
        return Promise.reject(new GryptError("INTERNAL", "the password prompt is closed"));
      if (waiter)
        return Promise.reject(new GryptError("INTERNAL", "a password question is already open"));
      output.write(question);
      return new Promise<string>((resolve, reject) => {
        const settle = (finish: () => void) => {
          output.write("\n");
          finish();
        };
        waiter = {
          resolve: (line) => settle(() => resolve(line)),
          reject: (error) => settle(() => reject(error)),
        };
        if (failure) return fail(failure);
        unread = consume(unread);
        if (waiter) input.resume();
      });
    },
    tell(text) {
      output.write(text);
    },
    close() {
      if (closed) return;
      closed = true;
      input.off("data", onData);
      input.off("end", onEnd);
      input.pause();
      input.setRawMode(wasRaw);
      const left = failure ? "" : editor.unconsumed(unread);
      if (left !== "" && !input.destroyed) input.unshift(left, "utf8");
      after?.();
    },
  };
}

/** Run `ask` on `prompt`, then close it whatever happens (the terminal's mode comes back). */
export async function askThenClose<T>(
  prompt: HiddenPrompt,
  ask: (prompt: HiddenPrompt) => Promise<T>,
): Promise<T> {
  try {
    return await ask(prompt);
  } finally {
    prompt.close();
  }
}

/** A new password asked twice: at least `minLength` characters and both answers equal, up to three tries. */
export async function askNewPassword(
  prompt: HiddenPrompt,
  question: string,
  minLength: number,
): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const first = await prompt.ask(question);
    if (first.length < minLength) {
      prompt.tell(`The password must have at least ${minLength} characters.\n`);
      continue;
    }
    if ((await prompt.ask("Repeat the password: ")) === first) return first;
    prompt.tell("The passwords differ; try again.\n");
  }
  throw new GryptError("INVALID_ARGUMENT", "no new password was set");
}
