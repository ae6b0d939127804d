/**
 * Find post tokens in a run of page text. Sites insert invisible characters into long words
 * (zero-width spaces and joiners, word joiners, BOMs, soft hyphens): they are skipped anywhere,
 * the prefix included, and the indices returned point into the ORIGINAL text, spanning them, so
 * a DOM walker can map a token back onto its text nodes. A token ends at the first character that
 * is neither a letter, a digit nor skippable. Near-misses (wrong prefix, bad epoch, short or
 * cut-off payload, invalid armor) are ignored; this never throws. Linear time.
 *
 * Limitation: letters right after a token ("…tokenABC", or "Show more" glued on by the DOM) extend
 * the payload; the result is almost always not a Fernet-shaped payload and the token is not found.
 * A cut-off token that still has a Fernet shape (about 3 cut positions in 1000) is found, then
 * fails to decrypt (TOKEN_AUTH_FAILED).
 */
import { type PostToken, postTokenFromParts } from "./post-token.ts";

export interface FoundToken {
  /** Index of the token's first character in the input. */
  start: number;
  /** Index just after its last character (end exclusive); skipped characters inside are spanned. */
  end: number;
  /** Canonical token text, without the skipped characters. */
  text: string;
  token: PostToken;
}

const SKIPPABLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/;

export function isSkippable(code: number): boolean {
  return (
    code === 0x00ad || (code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff
  );
}

/** The text without skippable characters, and for each of its characters the index it came from. */
function stripSkippable(text: string): { clean: string; origin: Uint32Array | null } {
  if (!SKIPPABLE.test(text)) return { clean: text, origin: null };
  const origin = new Uint32Array(text.length);
  const parts: string[] = [];
  let kept = 0;
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    if (isSkippable(text.charCodeAt(i))) {
      parts.push(text.slice(runStart, i));
      runStart = i + 1;
    } else origin[kept++] = i;
  }
  parts.push(text.slice(runStart));
  return { clean: parts.join(""), origin: origin.subarray(0, kept) };
}

export function findPostTokens(text: string): FoundToken[] {
  if (typeof text !== "string" || text.length === 0) return [];
  const { clean, origin } = stripSkippable(text);
  if (!clean.includes("grypt:")) return [];
  // Bounded fields keep backtracking constant per position; the payload run is consumed once.
  const pattern = /grypt:([0-9A-Za-z]{1,32}):([0-9]{1,10}):([0-9A-Za-z]+)/g;
  const found: FoundToken[] = [];
  for (let m = pattern.exec(clean); m !== null; m = pattern.exec(clean)) {
    const token = postTokenFromParts(m[1]!, m[2]!, m[3]!);
    const matchEnd = m.index + m[0].length;
    if (typeof token === "string") {
      // A rejected payload may end in "grypt" that begins the next token: look again from it.
      pattern.lastIndex = matchEnd - m[3]!.length;
      continue;
    }
    const start = origin === null ? m.index : origin[m.index]!;
    const end = origin === null ? matchEnd : origin[matchEnd - 1]! + 1;
    found.push({ start, end, text: m[0], token });
  }
  return found;
}
