/**
 * Encrypt in place: the selected text of the focused field (all of it when nothing is
 * selected, and the user is told so) is sent to the background, and the token replaces it
 * through the site's own editor. The selection is first trimmed to its text, and the token gets
 * a separating space next to a word, so it stands alone. The result is checked against the
 * field as it was; a field the editor did not take as plain text is put back and the user told.
 */
import { type GryptError, toWireError } from "../../../shared/errors.ts";
import type { EncryptTextResult, Failure } from "../../messages/content-messages.ts";
import type { EncryptService } from "../runtime-client.ts";
import { checkInPlace, type ExpectedField, type InPlaceCheck } from "./check-in-place.ts";
import {
  CHANGED_TEXT,
  DUPLICATED_TEXT,
  EMPTY_TEXT,
  encryptFailureText,
  FIELD_CHANGED_TEXT,
  NO_FIELD_TEXT,
  NOT_INSERTED_TEXT,
  OLD_TEXT_LEFT,
  PUT_BACK_TEXT,
  SPACED_TEXT,
  WHOLE_FIELD_TEXT,
} from "./edit-errors.ts";
import { type EditTarget, findEditTarget } from "./edit-target.ts";
import {
  type FieldSelection,
  fieldText,
  readFieldSelection,
  restoreSelection,
  selectWholeField,
} from "./field-selection.ts";
import { insertIntoField } from "./insert-into-field.ts";
import { showNotice } from "./notice.ts";
import { nextTask, waitUntil } from "./settle.ts";
import { countCharacters, lengthWarning, siteLimit } from "./site-limits.ts";
import { spacedToken, tokenSpacing } from "./token-spacing.ts";
import { linksToToken, undoInsertion } from "./undo-insertion.ts";

export type InPlaceOutcome = EncryptTextResult | Failure;

/** What to tell the user about a replacement that went wrong and could not be put back. */
function problemText(check: Exclude<InPlaceCheck, "ok">): string {
  switch (check) {
    case "missing":
      return NOT_INSERTED_TEXT;
    case "old-text-left":
      return OLD_TEXT_LEFT;
    case "duplicated":
      return DUPLICATED_TEXT;
    case "changed":
      return CHANGED_TEXT;
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

/** Editors follow the DOM selection on `selectionchange`, some throttled (Slate: 100 ms). */
async function settleSelection(): Promise<void> {
  await nextTask();
  await new Promise((resolve) => setTimeout(resolve, 120));
}

/** The selection to encrypt, and whether it is the whole field because nothing was selected. */
async function chooseSelection(
  target: EditTarget,
): Promise<{ selection: FieldSelection | null; whole: boolean }> {
  const selection = readFieldSelection(target);
  if (selection !== null) return { selection, whole: false };
  selectWholeField(target);
  await nextTask();
  return { selection: readFieldSelection(target), whole: true };
}

export async function encryptInPlace(
  document: Document,
  service: EncryptService,
  signal: AbortSignal,
  groupId?: string,
): Promise<InPlaceOutcome> {
  const target = findEditTarget(document);
  if (target === null) return fail(document, "NOT_FOUND", NO_FIELD_TEXT);
  const { selection, whole } = await chooseSelection(target);
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

  if (restoreSelection(target, selection.snapshot)) await settleSelection();
  const now = readFieldSelection(target);
  if (
    now === null ||
    now.text !== plaintext ||
    now.before + now.after !== selection.before + selection.after
  )
    return fail(document, "INVALID_ARGUMENT", FIELD_CHANGED_TEXT);
  const original = fieldText(target);
  const spacing = tokenSpacing(now.before, now.after);
  const expected: ExpectedField = {
    before: now.before,
    after: now.after,
    selected: plaintext,
    inserted: spacedToken(result.token, spacing),
    token: result.token,
  };
  insertIntoField(target, expected.inserted, now.snapshot);
  const taken = (text: string) =>
    checkInPlace(expected, text) === "ok" && !linksToToken(target, result.token);
  const after = await waitUntil(() => fieldText(target), taken);
  if (!taken(after)) {
    const check = checkInPlace(expected, after);
    const putBack = await undoInsertion(target, original, result.token);
    if (putBack) return fail(document, "INTERNAL", PUT_BACK_TEXT);
    return fail(document, "INTERNAL", check === "ok" ? CHANGED_TEXT : problemText(check));
  }

  const limit = siteLimit(document.location.hostname, document.getElementById("mastodon") !== null);
  const notes = [
    whole ? WHOLE_FIELD_TEXT : null,
    spacing.before || spacing.after ? SPACED_TEXT : null,
    limit === null ? null : lengthWarning(countCharacters(after), limit),
  ].filter((note) => note !== null);
  if (notes.length > 0) showNotice(document, notes.join(" "), "info");
  return result;
}
