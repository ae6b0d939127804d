/**
 * How the command line names a stored group on a terminal. The name came from a server's hello
 * (unsigned until the member holds keys, and files from before the name rule may hold anything):
 * control and bidi characters in it show as U+FFFD.
 */
import { inertLine } from "../shared/inert-text.ts";
import type { StoredGroup } from "./member-state.ts";

export function groupLabel(group: Pick<StoredGroup, "groupName" | "groupId">): string {
  return `${inertLine(group.groupName) || "(unnamed)"} (${group.groupId})`;
}
