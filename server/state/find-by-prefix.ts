/**
 * Name a member or request by a fingerprint prefix: exactly one match, else a clear error.
 *
 * A prefix must be at least MIN_PREFIX_DIGITS hex digits (64 bits). Anyone can make keys until
 * one's fingerprint starts with a few given digits (five take one core some 15 seconds), and
 * file a request with it under a member-to-be's name: a short prefix read out by that member
 * could then name the attacker's key, and approving it would hand over the group's keys.
 */
import { GryptError } from "../../shared/errors.ts";

export const MIN_PREFIX_DIGITS = 16;

/** Why a prefix shorter than MIN_PREFIX_DIGITS is refused, for every place that refuses it. */
export const SHORT_PREFIX_REASON =
  `name a key by at least ${MIN_PREFIX_DIGITS} hex digits of its fingerprint ` +
  "(a shorter prefix can be matched by a key made to look alike), e.g. 7f3a 9c12 0b4e 5d67";

/** A prefix as typed (any case, groups of four, colons) to lowercase hex digits, checked. */
export function normalPrefix(prefix: string): string {
  const wanted = prefix.toLowerCase().replace(/[\s:]/g, "");
  if (!/^[0-9a-f]{1,64}$/.test(wanted)) {
    throw new GryptError("INVALID_ARGUMENT", "name it by a fingerprint prefix (hex digits)");
  }
  if (wanted.length < MIN_PREFIX_DIGITS) {
    throw new GryptError(
      "INVALID_ARGUMENT",
      `${wanted} is ${wanted.length} hex digit${wanted.length === 1 ? "" : "s"}: ${SHORT_PREFIX_REASON}`,
    );
  }
  return wanted;
}

export function findByPrefix<T extends { fingerprint: string; name: string }>(
  items: readonly T[],
  prefix: string,
  what: string,
): T {
  const wanted = normalPrefix(prefix);
  const matches = items.filter((item) => item.fingerprint.startsWith(wanted));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0)
    throw new GryptError("NOT_FOUND", `no ${what} has a fingerprint starting with ${wanted}`);
  const shown = matches
    .slice(0, 5)
    .map((m) => `${m.fingerprint.slice(0, 24)} (${JSON.stringify(m.name)})`)
    .join(", ");
  throw new GryptError(
    "CONFLICT",
    `${matches.length} ${what}s start with ${wanted}: ${shown}; give more digits`,
  );
}

/** Several by prefix, each exactly one match; one named twice is listed once, in first-named order. */
export function findAllByPrefix<T extends { fingerprint: string; name: string }>(
  items: readonly T[],
  prefixes: readonly string[],
  what: string,
): T[] {
  const found = new Map<string, T>();
  for (const prefix of prefixes) {
    const item = findByPrefix(items, prefix, what);
    if (!found.has(item.fingerprint)) found.set(item.fingerprint, item);
  }
  return [...found.values()];
}
