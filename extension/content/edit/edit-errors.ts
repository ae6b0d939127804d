/** What an in-place operation tells the user when it cannot do its job. */
import type { WireError } from "../../../shared/errors.ts";

export function encryptFailureText(error: WireError): string {
  switch (error.code) {
    case "LOCKED":
      return "grypt is locked: unlock it from the toolbar button, then try again. Nothing was changed.";
    case "NOT_MEMBER":
    case "UNKNOWN_GROUP":
      return "grypt: you are not a member of a group to encrypt for yet. Nothing was changed.";
    case "CONNECTION_CLOSED":
      return "grypt did not answer (was it reloaded?). Reload the page and try again. Nothing was changed.";
    default:
      return `grypt could not encrypt: ${error.message}. Nothing was changed.`;
  }
}

export const NO_FIELD_TEXT =
  "grypt: click into a text field or editor and select the text to encrypt first.";
export const EMPTY_TEXT = "grypt: there is no text to encrypt in this field.";
export const NOT_INSERTED_TEXT =
  "grypt could not put the encrypted text into this field: your text was NOT encrypted. Use the composer in grypt's toolbar popup instead.";
export const OLD_TEXT_LEFT =
  "grypt inserted the encrypted text, but your original text is still in the field. Remove it before you post.";
export const TEXT_LOST =
  "grypt inserted the encrypted text, but the site's editor dropped other text of this field with it. Check the field before you post (Ctrl+Z may bring the text back).";
export const DUPLICATED_TEXT =
  "grypt: the editor took the encrypted text twice. Remove the extra copy before you post.";
export const WHOLE_FIELD_TEXT = "grypt encrypted the whole post (no text was selected).";
export const SPACED_TEXT =
  "grypt put a space between the encrypted text and the word beside it, so that your group can find it.";
export const FIELD_CHANGED_TEXT =
  "grypt: the field changed while the text was being encrypted. Nothing was changed; try again.";
export const PUT_BACK_TEXT =
  "grypt could not put the encrypted text into this field as plain text, so it put the field back as it was: your text was NOT encrypted. Use the composer in grypt's toolbar popup instead.";
export const CHANGED_TEXT =
  "grypt could not put the encrypted text into this field as plain text, and could not put the field back: check the field before you post (Ctrl+Z may bring it back). Your text was NOT encrypted.";
export const INSERT_FAILED_TEXT = "grypt could not insert the text into this field.";
