/**
 * Two grypt runs that saved the same member file: `mine` (about to be saved) merged with what
 * is on disk now. Nothing is ever removed from a member file, so a merge keeps every group and
 * every key of both; for a group both hold, this run's record wins, with the keys and the
 * highest epoch of both. A file made for another identity is not merged into: CONFLICT.
 */
import { GryptError } from "../shared/errors.ts";
import type { MemberState, StoredGroup } from "./member-state.ts";

export function mergeMemberStates(disk: MemberState, mine: MemberState): MemberState {
  if (disk.identity !== mine.identity) {
    throw new GryptError(
      "CONFLICT",
      "the member file now holds another identity (grypt init elsewhere?): nothing was saved",
    );
  }
  const groups = mine.groups.map((group) => {
    const other = disk.groups.find((g) => g.groupId === group.groupId);
    return other ? mergeGroup(other, group) : group;
  });
  for (const other of disk.groups)
    if (!groups.some((g) => g.groupId === other.groupId)) groups.push(other);
  return { ...mine, groups };
}

function mergeGroup(disk: StoredGroup, mine: StoredGroup): StoredGroup {
  const keys = new Map(disk.keys.map((k) => [k.epoch, k]));
  for (const k of mine.keys) keys.set(k.epoch, k);
  return {
    ...mine,
    currentEpoch: Math.max(disk.currentEpoch, mine.currentEpoch),
    keys: [...keys.values()].sort((a, b) => a.epoch - b.epoch),
  };
}
