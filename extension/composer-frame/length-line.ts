/** The token's length against the site's post limit (or the usual sites' limits when unknown). */
import { utf8Encode } from "../../shared/bytes.ts";
import { postTokenLength } from "../../shared/post-token.ts";
import type { FrameParams } from "../messages/composer-messages.ts";
import type { GroupView } from "../messages/ui-messages.ts";
import { limitsText } from "../popup/site-limits.ts";

export function lengthText(
  plaintext: string,
  group: GroupView | undefined,
  params: FrameParams,
): { text: string; over: boolean } {
  const bytes = utf8Encode(plaintext).length;
  const chars = group ? postTokenLength(group.groupId, Math.max(1, group.epoch), bytes) : 0;
  if (params.site === undefined || params.limit === undefined) {
    const { text, over } = limitsText(chars);
    return { text: `about ${text}`, over };
  }
  const over = chars > params.limit;
  return {
    text: `about ${chars} of ${params.limit} characters (${params.site})${over ? " ✗" : " ✓"}`,
    over,
  };
}
