/** The question asked on a terminal before a kick, naming each member by chosen name and fingerprint. */
import { quoteName } from "../../shared/inert-text.ts";

export function kickQuestion(
  members: ReadonlyArray<{ fingerprint: string; name: string }>,
): string {
  const named = members.map((m) => `${quoteName(m.name)} ${m.fingerprint.slice(0, 16)}…`);
  const who = named.length === 1 ? named[0] : `${named.length} members: ${named.join(", ")}`;
  return `Remove ${who}? [y/N] `;
}
