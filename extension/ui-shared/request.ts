/**
 * The pages' side of runtime messaging: send a UI request, parse the answer, and fail loudly
 * (never hang) when the background is gone, restarting, or answers nonsense.
 */
import * as v from "valibot";
import browser from "webextension-polyfill";
import { GryptError } from "../../shared/errors.ts";
import {
  UiFailureSchema,
  type UiReply,
  UiReplySchemas,
  type UiRequest,
  type UiRequestType,
} from "../messages/ui-messages.ts";

/** Requests that derive a key from a password (PBKDF2, 600,000 rounds) or make an RSA key. */
const SLOW: ReadonlySet<UiRequestType> = new Set([
  "create-identity",
  "import-backup",
  "unlock",
  "change-password",
  "join-group",
  "repin-group",
]);
const TIMEOUT_MS = 15_000;
const SLOW_TIMEOUT_MS = 90_000;

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) =>
    setTimeout(
      () =>
        reject(
          new GryptError("TIMEOUT", `grypt's background did not answer within ${ms / 1000} s`),
        ),
      ms,
    ),
  );
}

export async function request<T extends UiRequestType>(
  message: Extract<UiRequest, { type: T }>,
): Promise<UiReply<T>> {
  let answer: unknown;
  try {
    const sent = browser.runtime.sendMessage(message);
    answer = await Promise.race([
      sent,
      timeout(SLOW.has(message.type) ? SLOW_TIMEOUT_MS : TIMEOUT_MS),
    ]);
  } catch (error) {
    if (error instanceof GryptError) throw error;
    throw new GryptError(
      "CONNECTION_CLOSED",
      `grypt's background is not answering (${error instanceof Error ? error.message : "no reply"})`,
    );
  }
  const failure = v.safeParse(UiFailureSchema, answer);
  if (failure.success)
    throw new GryptError(failure.output.error.code, failure.output.error.message);
  const schema = UiReplySchemas[message.type] as v.GenericSchema<unknown, UiReply<T>>;
  const reply = v.safeParse(schema, answer);
  if (!reply.success) {
    throw new GryptError(
      "MESSAGE_INVALID",
      answer === undefined
        ? "grypt's background gave no answer"
        : "grypt's background answered something unexpected",
    );
  }
  return reply.output;
}

/** A sentence for the user from anything a request threw. */
export function errorText(error: unknown): string {
  if (error instanceof GryptError) {
    if (error.code === "VAULT_WRONG_PASSWORD") return "Wrong password. Nothing was changed.";
    return error.message;
  }
  return "Something went wrong.";
}
