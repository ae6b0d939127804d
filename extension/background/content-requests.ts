/**
 * Requests from content scripts: decrypt a batch of post tokens, encrypt text for a group.
 * Keys never leave the background; answers carry plaintext or tokens only.
 */

import { utf8Encode } from "../../shared/bytes.ts";
import { GryptError, toWireError, type WireError } from "../../shared/errors.ts";
import {
  decryptPost,
  encryptPost,
  parsePostToken,
  postTokenLength,
} from "../../shared/post-token.ts";
import {
  type CheckBatchResult,
  type ContentRequest,
  type DecryptBatchResult,
  type EncryptTextResult,
  type Failure,
  type FeedSettingsResult,
  MAX_TOKEN_CHARS,
} from "../messages/content-messages.ts";
import { heldEpochs, keyFor } from "./key-cache.ts";
import {
  type GroupRecord,
  type GroupStatus,
  readGroups,
  readSettings,
  readStatuses,
} from "./stored-state.ts";
import { getUnlocked, requireUnlocked } from "./vault-session.ts";

type Result = DecryptBatchResult["results"][number];

const LOCKED: WireError = { code: "LOCKED", message: "grypt is locked" };

export async function decryptOne(
  text: string,
  groups: Record<string, GroupRecord>,
  vaultKey: Parameters<typeof keyFor>[0],
): Promise<Result> {
  try {
    const token = parsePostToken(text);
    const group = groups[token.groupId];
    if (!group)
      return {
        ok: false,
        error: { code: "UNKNOWN_GROUP", message: "a post of a group you have not joined" },
      };
    const key = await keyFor(vaultKey, token.groupId, token.epoch);
    if (!key)
      return {
        ok: false,
        error: { code: "UNKNOWN_EPOCH", message: `no key for epoch ${token.epoch} of this group` },
      };
    const plaintext = await decryptPost(key, token);
    return {
      ok: true,
      plaintext,
      groupId: group.groupId,
      groupName: group.name,
      epoch: token.epoch,
    };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}

async function decryptBatch(tokens: string[]): Promise<DecryptBatchResult> {
  const open = await getUnlocked();
  if (!open)
    return {
      type: "decrypt-batch-result",
      results: tokens.map(() => ({ ok: false, error: LOCKED })),
    };
  const groups = await readGroups();
  // All at once: WebCrypto works concurrently, so a batch costs about one round trip, not N.
  const results = await Promise.all(tokens.map((text) => decryptOne(text, groups, open.vaultKey)));
  return { type: "decrypt-batch-result", results };
}

/**
 * Private reading: whether each token decrypts, and under which epoch, without its plaintext
 * (the content script runs next to the page; the reading frame asks for the words itself).
 */
async function checkBatch(tokens: string[]): Promise<CheckBatchResult> {
  const { results } = await decryptBatch(tokens);
  return {
    type: "check-batch-result",
    results: results.map((result) =>
      result.ok ? { ok: true, groupId: result.groupId, epoch: result.epoch } : result,
    ),
  };
}

async function feedSettings(): Promise<FeedSettingsResult> {
  return { type: "feed-settings-result", readInPage: (await readSettings()).readInPage === true };
}

/** A group whose last known state says the group would not read a new post: no encrypting for it. */
function refuseFinal(group: GroupRecord, status: GroupStatus | undefined): void {
  const name = `"${group.name || group.groupId}"`;
  if (group.replacedBy !== undefined) {
    throw new GryptError(
      "SERVER_KEY_MISMATCH",
      `${name} was replaced when its server got a new key: encrypt for the new group`,
    );
  }
  if (status?.state === "removed")
    throw new GryptError(
      "REMOVED",
      `you were removed from ${name}: grypt no longer encrypts for it`,
    );
  if (status?.state === "denied")
    throw new GryptError("DENIED", `the admin of ${name} denied your request`);
  if (status?.state === "key-mismatch") {
    throw new GryptError(
      "SERVER_KEY_MISMATCH",
      `the server of ${name} presented another key: ask the admin; re-pin in Options if they confirm`,
    );
  }
}

/**
 * Encrypt under the newest epoch held for the group (the default group when none is named);
 * refused for a group the member was removed from or denied, or whose server key changed.
 */
export async function encryptForGroup(
  plaintext: string,
  groupId?: string,
): Promise<EncryptTextResult> {
  const open = await requireUnlocked();
  const groups = await readGroups();
  const id = groupId ?? (await readSettings()).defaultGroupId ?? Object.keys(groups)[0];
  const group = id === undefined ? undefined : groups[id];
  if (!group)
    throw new GryptError(
      "UNKNOWN_GROUP",
      id === undefined ? "join a group first" : "no such group",
    );
  refuseFinal(group, (await readStatuses())[group.groupId]);
  const epoch = (await heldEpochs(open.vaultKey, group.groupId)).at(-1);
  const key = epoch === undefined ? undefined : await keyFor(open.vaultKey, group.groupId, epoch);
  if (epoch === undefined || !key) {
    throw new GryptError(
      "NOT_MEMBER",
      `no key for "${group.name || group.groupId}" yet: wait until the admin approves you`,
    );
  }
  const length = postTokenLength(group.groupId, epoch, utf8Encode(plaintext).length);
  if (length > MAX_TOKEN_CHARS) {
    throw new GryptError(
      "INVALID_ARGUMENT",
      `too long for one post: its token would be ${length} characters, and feeds read at most ${MAX_TOKEN_CHARS}`,
    );
  }
  const token = await encryptPost(key, group.groupId, epoch, plaintext);
  return {
    type: "encrypt-text-result",
    token,
    groupId: group.groupId,
    groupName: group.name,
    epoch,
  };
}

export async function handleContentRequest(
  request: ContentRequest,
): Promise<
  DecryptBatchResult | EncryptTextResult | CheckBatchResult | FeedSettingsResult | Failure
> {
  try {
    switch (request.type) {
      case "decrypt-batch":
        return await decryptBatch(request.tokens);
      case "encrypt-text":
        return await encryptForGroup(request.plaintext, request.groupId);
      case "check-batch":
        return await checkBatch(request.tokens);
      case "feed-settings":
        return await feedSettings();
      default: {
        const never: never = request;
        throw new GryptError("MESSAGE_INVALID", `unknown request ${JSON.stringify(never)}`);
      }
    }
  } catch (error) {
    return { type: "failure", error: toWireError(error) };
  }
}
