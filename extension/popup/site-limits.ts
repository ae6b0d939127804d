/** Post length limits of the sites people post tokens on (characters). */
export const SITE_LIMITS = [
  { site: "X", limit: 280 },
  { site: "Bluesky", limit: 300 },
  { site: "Mastodon", limit: 500 },
] as const;

export function limitsText(length: number): { text: string; over: boolean } {
  const parts = SITE_LIMITS.map(
    ({ site, limit }) => `${site} ${limit}${length > limit ? " ✗" : " ✓"}`,
  );
  return {
    text: `${length} characters · ${parts.join(" · ")}`,
    over: length > SITE_LIMITS[0].limit,
  };
}
