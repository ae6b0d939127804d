/**
 * What the user types as "another site": a host ("mastodon.example", "*.example.org"), a
 * host:port ("127.0.0.1:8088") or a pasted address ("https://social.example/@me"). All come down
 * to the host that the browser's match patterns name: patterns have no port, so the permission
 * covers that host on every port, over http and https.
 */
import * as v from "valibot";
import { SiteHost } from "../messages/ui-messages.ts";

export type SiteInput =
  | { ok: true; host: string; port: string | null; pattern: string }
  | { ok: false; message: string };

const NOT_A_SITE = "enter a host name (mastodon.example), a host:port or the site's address";

/** The host and port of `text`, read as a URL (with http:// put in front when it has no scheme). */
function hostAndPort(text: string): { host: string; port: string } | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  try {
    const url = new URL(withScheme);
    if (url.username !== "" || url.password !== "") return null;
    return { host: url.hostname, port: url.port };
  } catch {
    return null;
  }
}

export function parseSiteInput(input: string): SiteInput {
  const text = input.trim();
  if (text === "" || /\s/.test(text)) return { ok: false, message: NOT_A_SITE };
  const wildcard = text.startsWith("*.");
  const read = hostAndPort(wildcard ? text.slice(2) : text);
  if (read === null) return { ok: false, message: NOT_A_SITE };
  const host = v.safeParse(SiteHost, `${wildcard ? "*." : ""}${read.host}`);
  if (!host.success) return { ok: false, message: NOT_A_SITE };
  return {
    ok: true,
    host: host.output,
    port: read.port === "" ? null : read.port,
    pattern: `*://${host.output}/*`,
  };
}

/** What the browser will be asked for, said plainly (shown as the user types). */
export function permissionHint(input: SiteInput): string {
  if (!input.ok)
    return "Type a host name, a host:port or paste the site's address. The browser then asks you to let grypt read that host.";
  const ports =
    input.port === null
      ? "on any port"
      : `on any port, not only ${input.port}: browser permissions name hosts, not ports`;
  return `The browser will ask to let grypt read ${input.host} (${input.pattern}), over http and https, ${ports}.`;
}
