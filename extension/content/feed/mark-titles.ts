/**
 * The tooltips on grypt's marks. A mark's title is readable by the page, and a page can plant
 * forged tokens to probe what a member holds, so every token left unread gets the same text,
 * whatever the reason (not joined, unknown epoch, forged, locked, no answer), and a decrypted
 * mark never names the member's group. The epoch is part of the token itself: no secret.
 */

export const UNREAD_TITLE =
  "grypt: not decrypted (grypt is locked, or you do not hold this post's key, or it does not verify)";

export function decryptedTitle(epoch: number): string {
  return `Decrypted by grypt (key epoch ${epoch}). Click to show the original.`;
}

export const ORIGINAL_TITLE = "grypt: the original post. Click to show the decrypted text.";

/** A post grypt reads but this site's security policy kept its reading frame from showing. */
export const FRAME_BLOCKED_TITLE =
  "grypt: this site's security policy blocks grypt's reading frame, so this post is not shown here. To read it in the page's own text, switch on that setting in grypt's options (the site can then read it).";
