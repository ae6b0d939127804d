/**
 * Encrypt in place: the selected text of the focused field (all of it when nothing is
 * selected) is sent to the background, and the token replaces it through the site's own
 * editor. The result is checked: the user is told clearly when plaintext could not be replaced.
 */
import { type GryptError, toWireError } from "../../../shared/errors.ts";
import type { EncryptTextResult, Failure } from "../../messages/content-messages.ts";
import type { EncryptService } from "../runtime-client.ts";
import { checkReplacement, type ReplacementCheck } from "./check-replacement.ts";
import {
  DUPLICATED_TEXT,
  EMPTY_TEXT,
  encryptFailureText,
  NO_FIELD_TEXT,
  NOT_INSERTED_TEXT,
  OLD_TEXT_LEFT,
  TEXT_LOST,
} from "./edit-errors.ts";
import { findEditTarget } from "./edit-target.ts";
import {
  fieldText,
  readFieldSelection,
  restoreSelection,
  selectWholeField,
} from "./field-selection.ts";
import { insertIntoField } from "./insert-into-field.ts";
import { showNotice } from "./notice.ts";
import { nextTask, waitUntil } from "./settle.ts";
import { countCharacters, lengthWarning, siteLimit } from "./site-limits.ts";

export type InPlaceOutcome = EncryptTextResult | Failure;

/** What to tell the user about a replacement that went wrong; null when it went right. */
function replacementProblem(check: ReplacementCheck): string | null {
  switch (check) {
    case "ok":
      return null;
    case "missing":
      return NOT_INSERTED_TEXT;
    case "old-text-left":
      return OLD_TEXT_LEFT;
    case "duplicated":
      return DUPLICATED_TEXT;
    case "text-lost":
      return TEXT_LOST;
    default: {
      const never: never = check;
      return never;
    }
  }
}

function fail(document: Document, code: GryptError["code"], text: string): Failure {
  showNotice(document, text, "error");
  return { type: "failure", error: { code, message: text } };
}

const ABORTED: Failure = {
  type: "failure",
  error: { code: "CONNECTION_CLOSED", message: "the page was left or grypt was reloaded" },
};

export async function encryptInPlace(
  document: Document,
  service: EncryptService,
  signal: AbortSignal,
  groupId?: string,
): Promise<InPlaceOutcome> {
  const target = findEditTarget(document);
  if (target === null) return fail(document, "NOT_FOUND", NO_FIELD_TEXT);
  let selection = readFieldSelection(target);
  if (selection === null) {
    selectWholeField(target);
    await nextTask();
    selection = readFieldSelection(target);
  }
  if (selection === null || selection.text.trim() === "")
    return fail(document, "INVALID_ARGUMENT", EMPTY_TEXT);
  const plaintext = selection.text;

  let result: EncryptTextResult;
  try {
    result = await service.encryptText(plaintext, groupId);
  } catch (error) {
    const wire = toWireError(error);
    return fail(document, wire.code, encryptFailureText(wire));
  }
  if (signal.aborted) return ABORTED;

  if (restoreSelection(target, selection.snapshot)) await nextTask();
  const before = fieldText(target);
  insertIntoField(target, result.token, selection.snapshot);
  const after = await waitUntil(
    () => fieldText(target),
    (text) => checkReplacement(before, text, plaintext, result.token) === "ok",
  );
  const problem = replacementProblem(checkReplacement(before, after, plaintext, result.token));
  if (problem !== null) return fail(document, "INTERNAL", problem);

  const limit = siteLimit(document.location.hostname, document.getElementById("mastodon") !== null);
  const warning = limit === null ? null : lengthWarning(countCharacters(after), limit);
  if (warning !== null) showNotice(document, warning, "info");
  return result;
}
