/**
 * Inserts a token (from the popup composer or the private composer) at the caret of the focused
 * field, or in place of its selection. A token must stand alone (token-spacing.ts): next to a
 * letter or digit it gets a separating space on that side.
 */
import type { Failure } from "../../messages/content-messages.ts";
import { checkReplacement } from "./check-replacement.ts";
import { INSERT_FAILED_TEXT, NO_FIELD_TEXT } from "./edit-errors.ts";
import { findEditTarget } from "./edit-target.ts";
import { fieldText, insertionSides, readFieldSelection } from "./field-selection.ts";
import { insertIntoField } from "./insert-into-field.ts";
import { showNotice } from "./notice.ts";
import { waitUntil } from "./settle.ts";
import { spacedToken, tokenSpacing } from "./token-spacing.ts";

export type InsertOutcome = { type: "inserted" } | Failure;

export async function insertText(document: Document, token: string): Promise<InsertOutcome> {
  const target = findEditTarget(document);
  if (target === null) {
    showNotice(document, NO_FIELD_TEXT, "error");
    return { type: "failure", error: { code: "NOT_FOUND", message: NO_FIELD_TEXT } };
  }
  const before = fieldText(target);
  // Text selected in the field is replaced, as typing would; the check expects that.
  const replaced = readFieldSelection(target)?.text ?? "";
  const sides = insertionSides(target);
  const text = spacedToken(token, tokenSpacing(sides.before, sides.after));
  insertIntoField(target, text, null);
  const after = await waitUntil(
    () => fieldText(target),
    (now) => checkReplacement(before, now, replaced, text) === "ok",
  );
  if (checkReplacement(before, after, replaced, text) !== "ok") {
    showNotice(document, INSERT_FAILED_TEXT, "error");
    return { type: "failure", error: { code: "INTERNAL", message: INSERT_FAILED_TEXT } };
  }
  return { type: "inserted" };
}
