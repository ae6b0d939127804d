/**
 * The frame's address says which composer it is and the site's post length limit:
 * `composer.html#id=<id>&site=<name>&limit=<n>`. The content script writes it; it is parsed like
 * any input (the page can read and even change the frame's address, never its document).
 */
import * as v from "valibot";
import { type FrameParams, FrameParamsSchema } from "../messages/composer-messages.ts";

export function readFrameParams(hash: string): FrameParams | null {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const limit = params.get("limit");
  const parsed = v.safeParse(FrameParamsSchema, {
    id: params.get("id") ?? "",
    ...(params.has("site") ? { site: params.get("site") } : {}),
    ...(limit !== null ? { limit: Number(limit) } : {}),
  });
  return parsed.success ? parsed.output : null;
}

/** The hash the content script gives the frame. */
export function frameHash(params: FrameParams): string {
  const search = new URLSearchParams({ id: params.id });
  if (params.site !== undefined) search.set("site", params.site);
  if (params.limit !== undefined) search.set("limit", String(params.limit));
  return `#${search.toString()}`;
}
