/** Encrypt and decrypt posts with a member's epoch key, as the extension would. */
import { importFernetKey } from "../../../shared/fernet.ts";
import type { MemberClient } from "../../../shared/member-client/member-client.ts";
import { decryptPost, encryptPost, parsePostToken } from "../../../shared/post-token.ts";

export async function post(client: MemberClient, epoch: number, text: string): Promise<string> {
  const key = client.key(epoch);
  if (!key) throw new Error(`member holds no key for epoch ${epoch}`);
  return encryptPost(await importFernetKey(key), client.group!.groupId, epoch, text);
}

/** The plaintext, or undefined when this member cannot read the post. */
export async function read(client: MemberClient, token: string): Promise<string | undefined> {
  const parsed = parsePostToken(token);
  const key = client.key(parsed.epoch);
  if (!key) return undefined;
  try {
    return await decryptPost(await importFernetKey(key), parsed);
  } catch {
    return undefined;
  }
}
