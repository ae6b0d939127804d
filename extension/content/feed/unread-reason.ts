/** The quiet tooltip on a token that stays unread: why, in words, from the background's error. */
import type { WireError } from "../../../shared/errors.ts";

export function unreadReason(error: WireError): string {
  switch (error.code) {
    case "UNKNOWN_GROUP":
      return "grypt: a post of a group you have not joined";
    case "UNKNOWN_EPOCH":
      return "grypt: a post of a key epoch you do not hold";
    case "LOCKED":
      return "grypt: locked. Unlock grypt to read this post";
    case "TOKEN_AUTH_FAILED":
      return "grypt: this post does not verify with the group's key (altered or forged)";
    default:
      return `grypt: not decrypted (${error.message})`;
  }
}

export function decryptedTitle(groupName: string, epoch: number): string {
  const name = groupName.trim() === "" ? "unnamed group" : groupName;
  return `Decrypted by grypt: group "${name}", epoch ${epoch}. Click to show the original.`;
}

export const ORIGINAL_TITLE = "grypt: the original post. Click to show the decrypted text.";
