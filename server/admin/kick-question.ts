import { name } from "./format.ts";

/** The question asked on a terminal before a kick, naming each member by chosen name and fingerprint. */
export function kickQuestion(
  members: ReadonlyArray<{ fingerprint: string; name: string }>,
): string {
  const named = members.map((m) => `${name(m.name)} ${m.fingerprint.slice(0, 16)}…`);
  const who = named.length === 1 ? named[0] : `${named.length} members: ${named.join(", ")}`;
  return `Remove ${who}? [y/N] `;
}
