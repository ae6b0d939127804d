/** Name a member or request by a fingerprint prefix: exactly one match, else a clear error. */
import { GryptError } from "../../shared/errors.ts";

export function findByPrefix<T extends { fingerprint: string; name: string }>(
  items: readonly T[],
  prefix: string,
  what: string,
): T {
  const wanted = prefix.toLowerCase().replace(/[\s:]/g, "");
  if (!/^[0-9a-f]{1,64}$/.test(wanted)) {
    throw new GryptError("INVALID_ARGUMENT", "name it by a fingerprint prefix (hex digits)");
  }
  const matches = items.filter((item) => item.fingerprint.startsWith(wanted));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0)
    throw new GryptError("NOT_FOUND", `no ${what} has a fingerprint starting with ${wanted}`);
  const shown = matches
    .slice(0, 5)
    .map((m) => `${m.fingerprint.slice(0, 16)} (${JSON.stringify(m.name)})`)
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
