/**
 * Read post tokens with the keys of a member state: each token becomes its plaintext or the
 * reason it stays as it is. Used by `grypt decrypt` and by the agent alike.
 */

import { decryptPost, type PostToken } from "../shared/post-token.ts";
import type { TokenResult } from "./agent/agent-messages.ts";
import type { FernetKeyCache } from "./encrypt-key.ts";
import { groupLabel } from "./group-label.ts";
import type { MemberState } from "./member-state.ts";

export async function readToken(
  state: MemberState,
  token: PostToken,
  cache: FernetKeyCache,
): Promise<TokenResult> {
  const group = state.groups.find((g) => g.groupId === token.groupId);
  if (!group) return { type: "unreadable", problem: `group ${token.groupId} is not one of yours` };
  const stored = group.keys.find((k) => k.epoch === token.epoch);
  if (!stored) {
    const problem = `no key for epoch ${token.epoch} of ${groupLabel(group)}`;
    return { type: "unreadable", problem };
  }
  try {
    const key = await cache.get(group.groupId, stored.epoch, stored.key);
    return { type: "plaintext", text: await decryptPost(key, token) };
  } catch {
    return { type: "unreadable", problem: "damaged, or not made with the group's key" };
  }
}
