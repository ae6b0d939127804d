/**
 * A token must stand alone: the feed finds `grypt:…` only up to the first character that is not
 * a letter or digit, so a letter glued to either end makes the post unreadable. When the
 * selection starts or ends inside a word, grypt puts a space between the token and that word
 * (and says so) rather than widening the selection to words the user did not select.
 */
import { withoutPlaceholders } from "./tight-selection.ts";

const WORD = /[\p{L}\p{N}\p{M}_]/u;

export interface Spacing {
  before: boolean;
  after: boolean;
}

/** Which sides of a token put between `before` and `after` need a separating space. */
export function tokenSpacing(before: string, after: string): Spacing {
  const last = [...withoutPlaceholders(before)].at(-1) ?? "";
  const first = [...withoutPlaceholders(after)][0] ?? "";
  return { before: WORD.test(last), after: WORD.test(first) };
}

export function spacedToken(token: string, spacing: Spacing): string {
  return `${spacing.before ? " " : ""}${token}${spacing.after ? " " : ""}`;
}
