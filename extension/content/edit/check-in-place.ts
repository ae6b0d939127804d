/**
 * After an in-place encryption: is the field exactly what it was, with the selection replaced by
 * the token (and the spaces grypt added on purpose)? Both sides are read the same way and
 * compared after the same normalisation: zero-width placeholders out (editors add and drop
 * them), no-break spaces as spaces (editors render a typed trailing space as one). Anything else,
 * whitespace included, counts. The token must also stand alone where the feed looks for it.
 */
import { findPostTokens, isSkippable } from "../../../shared/find-post-tokens.ts";

export type InPlaceCheck = "ok" | "missing" | "duplicated" | "old-text-left" | "changed";

export interface ExpectedField {
  /** The field's text before and after the selection. */
  before: string;
  after: string;
  /** What was selected (the plaintext). */
  selected: string;
  /** What replaces it: the token, with any separating spaces. */
  inserted: string;
  token: string;
}

export function normalizeFieldText(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isSkippable(code)) continue;
    out += code === 0xa0 ? " " : text[i];
  }
  return out;
}

function occurrences(haystack: string, needle: string): number {
  if (needle.length === 0) return 0;
  return haystack.split(needle).length - 1;
}

export function checkInPlace(expected: ExpectedField, actual: string): InPlaceCheck {
  const now = normalizeFieldText(actual);
  const want = normalizeFieldText(expected.before + expected.inserted + expected.after);
  const tokens = occurrences(now, expected.token) - occurrences(want, expected.token) + 1;
  if (tokens < 1) return "missing";
  if (tokens > 1) return "duplicated";
  if (now === want) {
    const found = findPostTokens(now).filter((found) => found.text === expected.token);
    return found.length === 1 ? "ok" : "changed";
  }
  const old = normalizeFieldText(expected.selected).trim();
  const rest = normalizeFieldText(expected.before + expected.after);
  if (old !== "" && occurrences(now.split(expected.token).join("\n"), old) > occurrences(rest, old))
    return "old-text-left";
  return "changed";
}
