/**
 * After an in-place replacement: did the field take the new text, and is the old text gone?
 * Counting occurrences (not just presence) handles a plaintext that also appears elsewhere.
 */
import { isSkippable } from "../../../shared/find-post-tokens.ts";

export type ReplacementCheck = "ok" | "missing" | "duplicated" | "old-text-left";

function visible(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) if (!isSkippable(text.charCodeAt(i))) out += text[i];
  return out;
}

function occurrences(haystack: string, needle: string): number {
  if (needle.length === 0) return 0;
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** `text` with every occurrence of `part` cut out (a plaintext "a" must not be found inside the token). */
function without(text: string, part: string): string {
  return text.split(part).join("\uFFFF");
}

export function checkReplacement(before: string, after: string, oldText: string, newText: string): ReplacementCheck {
  const cleanBefore = visible(before);
  const cleanAfter = visible(after);
  const added = occurrences(cleanAfter, newText) - occurrences(cleanBefore, newText);
  if (added < 1) return "missing";
  if (added > 1) return "duplicated";
  if (oldText === "") return "ok";
  const oldBefore = occurrences(without(cleanBefore, newText), oldText);
  const oldAfter = occurrences(without(cleanAfter, newText), oldText);
  return oldAfter < oldBefore ? "ok" : "old-text-left";
}
