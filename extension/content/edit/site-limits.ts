/** Known post length limits of sites, to tell the user when a token makes a post too long. */

export interface SiteLimit {
  site: string;
  limit: number;
}

const BY_HOST: Record<string, SiteLimit> = {
  "x.com": { site: "X", limit: 280 },
  "twitter.com": { site: "X", limit: 280 },
  "bsky.app": { site: "Bluesky", limit: 300 },
};

/** The limit for a host name; Mastodon runs on many hosts, so the page says whether it is one. */
export function siteLimit(hostname: string, isMastodonPage: boolean): SiteLimit | null {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  for (const [domain, limit] of Object.entries(BY_HOST)) {
    if (host === domain || host.endsWith(`.${domain}`)) return limit;
  }
  if (isMastodonPage || /(^|\.)mastodon\./.test(host) || host === "mastodon.social")
    return { site: "Mastodon", limit: 500 };
  return null;
}

/** Characters as these sites count them (code points; close enough for a warning). */
export function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export function lengthWarning(length: number, limit: SiteLimit): string | null {
  if (length <= limit.limit) return null;
  return `grypt: the post is now ${length} characters; ${limit.site} allows ${limit.limit}.`;
}
