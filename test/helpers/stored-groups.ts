/** Put groups and names straight into a member file (as `grypt` would have stored them), for CLI tests. */
import { openMemberFile, saveMemberFile } from "../../cli/member-file.ts";
import type { StoredGroup } from "../../cli/member-state.ts";
import { MEMBER_PASSWORD } from "./grypt-cli.ts";

export async function storeGroups(path: string, groups: StoredGroup[]): Promise<void> {
  const file = await openMemberFile(path, MEMBER_PASSWORD);
  file.state.groups.push(...groups);
  await saveMemberFile(file);
}

/** Replace the member's stored display name (as a file from before the name rule may hold it). */
export async function storeName(path: string, name: string): Promise<void> {
  const file = await openMemberFile(path, MEMBER_PASSWORD);
  file.state.name = name;
  await saveMemberFile(file);
}

export function storedGroup(fields: Partial<StoredGroup> & Pick<StoredGroup, "groupId">) {
  return {
    groupName: "",
    url: "ws://127.0.0.1:9/",
    pin: "ab".repeat(32),
    state: "member",
    currentEpoch: 0,
    keys: [],
    updatedAt: new Date(0).toISOString(),
    ...fields,
  } satisfies StoredGroup;
}
