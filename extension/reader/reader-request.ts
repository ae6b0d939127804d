/**
 * The reading frame's one request: its post, by the id in its URL's fragment, from the
 * background (runtime messaging, so only grypt answers). The answer is parsed; a request that
 * dies (the extension reloaded, no answer in time) becomes a failure, never a hang.
 */
import * as v from "valibot";
import { sendRuntimeMessage } from "../content/runtime-api.ts";
import { type ReaderAnswer, ReaderAnswerSchema } from "../messages/reader-messages.ts";

const ANSWER_TIMEOUT_MS = 20_000;

function failure(code: "TIMEOUT" | "CONNECTION_CLOSED" | "MESSAGE_INVALID", message: string) {
  const answer: ReaderAnswer = { type: "failure", error: { code, message } };
  return answer;
}

export async function requestPost(id: string): Promise<ReaderAnswer> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<ReaderAnswer>((resolve) => {
    timer = setTimeout(
      () => resolve(failure("TIMEOUT", "grypt did not answer")),
      ANSWER_TIMEOUT_MS,
    );
  });
  const asked = sendRuntimeMessage({ type: "reader-open", id }).then(
    (answer) => {
      const parsed = v.safeParse(ReaderAnswerSchema, answer);
      return parsed.success
        ? parsed.output
        : failure("MESSAGE_INVALID", "grypt's answer was not understood");
    },
    () => failure("CONNECTION_CLOSED", "grypt did not answer"),
  );
  try {
    return await Promise.race([asked, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
