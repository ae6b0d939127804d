/**
 * After an in-place replacement: did the field take the new text, is the old text gone, and is
 * the rest of the field as it was? Counting occurrences (not just presence) handles a plaintext
 * that also appears elsewhere; whitespace is left out of the last comparison, since editors
 * re-render the breaks between their blocks in their own way.
 */
import { isSkippable } from "../../../shared/find-post-tokens.ts";

export type ReplacementCheck = "ok" | "missing" | "duplicated" | "old-text-left" | "text-lost";

function visible(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) if (!isSkippable(text.charCodeAt(i))) out += text[i];
  return out;
}

function occurrences(haystack: string, needle: string): number {
  if (needle.length === 0) return 0;
  let count = 0;
  for (
    let at = haystack.indexOf(needle);
    at !== -1;
    at = haystack.indexOf(needle, at + needle.length)
  )
    count++;
  return count;
}

/** `text` with every occurrence of `part` cut out (a plaintext "a" must not be found inside the token). */
function without(text: string, part: string): string {
  return text.split(part).join("\uFFFF");
}

function withoutWhitespace(text: string): string {
  return text.replace(/\s+/g, "");
}

/** Whether `after` is `before` with one occurrence of `oldText` taken out (the new text already cut from both). */
function restKept(before: string, after: string, oldText: string): boolean {
  const [base, rest, old] = [before, after, oldText].map(withoutWhitespace) as [
    string,
    string,
    string,
  ];
  if (base.length - old.length !== rest.length) return false;
  if (old === "") return base === rest;
  for (let at = base.indexOf(old); at !== -1; at = base.indexOf(old, at + 1)) {
    if (base.slice(0, at) + base.slice(at + old.length) === rest) return true;
  }
  return false;
}

export function checkReplacement(
  before: string,
  after: string,
  oldText: string,
  newText: string,
): ReplacementCheck {
  const cleanBefore = visible(before);
  const cleanAfter = visible(after);
  const added = occurrences(cleanAfter, newText) - occurrences(cleanBefore, newText);
  if (added < 1) return "missing";
  if (added > 1) return "duplicated";
  const restBefore = cleanBefore.split(newText).join("");
  const restAfter = cleanAfter.split(newText).join("");
  const cleanOld = visible(oldText);
  if (cleanOld !== "") {
    const oldBefore = occurrences(without(cleanBefore, newText), cleanOld);
    const oldAfter = occurrences(without(cleanAfter, newText), cleanOld);
    if (oldAfter >= oldBefore) return "old-text-left";
  }
  return restKept(restBefore, restAfter, cleanOld) ? "ok" : "text-lost";
}
