/**
 * The key a new post for a group is made with: the current epoch's, and only while the member
 * is a member. Used by `grypt encrypt` and by the agent alike, so both refuse the same way.
 */
import { GryptError } from "../shared/errors.ts";
import { type FernetKey, importFernetKey } from "../shared/fernet.ts";
import { encryptPost } from "../shared/post-token.ts";
import { groupLabel } from "./group-label.ts";
import type { StoredGroup } from "./member-state.ts";

/** The stored key of the group's current epoch; the error that says why there is none. */
export function encryptionKey(group: StoredGroup): { epoch: number; key: string } {
  const label = groupLabel(group);
  switch (group.state) {
    case "member":
      break;
    case "pending":
      throw new GryptError(
        "NOT_MEMBER",
        group.keys.length > 0
          ? `the server of ${label} no longer lists you as a member (removed?); a new join request waits for the admin`
          : `no key for ${label} yet: the admin has not approved you`,
      );
    case "denied":
      throw new GryptError("DENIED", `the admin of ${label} denied your request`);
    case "removed":
      throw new GryptError("REMOVED", `you were removed from ${label}`);
    case "key-mismatch":
      throw new GryptError(
        "SERVER_KEY_MISMATCH",
        `the server of ${label} presented another key than the pinned one`,
      );
    default: {
      const never: never = group.state;
      throw never;
    }
  }
  const key = group.keys.find((k) => k.epoch === group.currentEpoch);
  if (!key)
    throw new GryptError(
      "UNKNOWN_EPOCH",
      `no key for the current epoch ${group.currentEpoch} of ${label}: run grypt status`,
    );
  return key;
}

/**
 * Imported session keys (non-extractable CryptoKeys), one import per group and epoch. The agent
 * keeps one for as long as it is unlocked; a command, for its run.
 */
export class FernetKeyCache {
  readonly #keys = new Map<string, Promise<FernetKey>>();

  get(groupId: string, epoch: number, key: string): Promise<FernetKey> {
    const id = `${groupId}:${epoch}`;
    let imported = this.#keys.get(id);
    if (!imported) {
      imported = importFernetKey(key);
      this.#keys.set(id, imported);
    }
    return imported;
  }

  clear(): void {
    this.#keys.clear();
  }
}

/** A post token for `plaintext` with the group's current key. */
export async function encryptForGroup(
  group: StoredGroup,
  plaintext: string,
  cache: FernetKeyCache,
): Promise<string> {
  const { epoch, key } = encryptionKey(group);
  return encryptPost(await cache.get(group.groupId, epoch, key), group.groupId, epoch, plaintext);
}
