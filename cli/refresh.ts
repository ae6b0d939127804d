/** Ask group servers for newer keys (in parallel), record the answers, save once if anything changed. */
import { type CliContext, serverTimeout } from "./context.ts";
import { applySync, type SyncResult, syncGroup } from "./group-sync.ts";
import { type MemberFile, saveMemberFile } from "./member-file.ts";
import { type StoredGroup, storedKeys } from "./member-state.ts";

/** Groups the servers have given a final answer about are not asked again. */
export function isFinal(group: StoredGroup): boolean {
  return group.state === "denied" || group.state === "removed" || group.state === "key-mismatch";
}

export async function refreshGroups(
  ctx: CliContext,
  file: MemberFile,
  groups: StoredGroup[],
): Promise<Map<StoredGroup, SyncResult>> {
  const results = new Map<StoredGroup, SyncResult>();
  const visits = groups
    .filter((g) => !isFinal(g))
    .map(async (group) => {
      const result = await syncGroup({
        url: group.url,
        pin: group.pin,
        identity: file.identity,
        name: file.state.name,
        knownKeys: storedKeys(group),
        timeoutMs: serverTimeout(ctx),
        signal: ctx.signal,
      });
      results.set(group, result);
    });
  await Promise.all(visits);
  let changed = false;
  for (const [group, result] of results) if (applySync(group, result)) changed = true;
  if (changed) await saveMemberFile(file);
  return results;
}
