/**
 * Invite lines and server URLs. An invite pins the server: `grypt-invite:1:<fingerprint>:<url>`,
 * where the fingerprint is the 64 lowercase hex digits of SHA-256 over the server key's SPKI.
 */
import { GryptError } from "./errors.ts";

export const INVITE_PREFIX = "grypt-invite:";
export const INVITE_VERSION = 1;
const MAX_URL_LENGTH = 2048;
const FINGERPRINT_HEX = /^[0-9a-f]{64}$/;

export interface Invite {
  /** Canonical ws:// or wss:// URL of the group server. */
  url: string;
  /** SHA-256 of the server key's SPKI, 64 lowercase hex digits. */
  fingerprintHex: string;
}

function invalid(message: string): GryptError {
  return new GryptError("INVALID_ARGUMENT", message);
}

/** Parse a bare server URL (ws:// or wss://); returns its canonical form. */
export function parseServerUrl(text: string): string {
  if (typeof text !== "string") throw invalid("server URL must be a string");
  const trimmed = text.trim();
  if (trimmed === "") throw invalid("server URL is empty");
  if (trimmed.length > MAX_URL_LENGTH)
    throw invalid(`server URL is longer than ${MAX_URL_LENGTH} characters`);
  if (/\s/.test(trimmed)) throw invalid("server URL must not contain spaces");
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw invalid(
      `not a URL: ${JSON.stringify(trimmed.slice(0, 80))} (expected ws://host:port or wss://host)`,
    );
  }
  if (url.protocol === "http:" || url.protocol === "https:") {
    const hint = url.protocol === "https:" ? "wss" : "ws";
    throw invalid(
      `server URL must start with ws:// or wss://, not ${url.protocol}// (did you mean ${hint}://${url.host}${url.pathname}?)`,
    );
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:") {
    throw invalid(`server URL must start with ws:// or wss://, not ${url.protocol}`);
  }
  if (url.hostname === "") throw invalid("server URL has no host");
  if (url.username !== "" || url.password !== "")
    throw invalid("server URL must not contain a user name or password");
  if (url.hash !== "") throw invalid("server URL must not contain a #fragment");
  return url.href;
}

/** The invite line for a server: what the admin's `invite` command prints. */
export function formatInvite(invite: Invite): string {
  if (typeof invite?.fingerprintHex !== "string" || !FINGERPRINT_HEX.test(invite.fingerprintHex)) {
    throw invalid("invite fingerprint must be 64 lowercase hex digits");
  }
  return `${INVITE_PREFIX}${INVITE_VERSION}:${invite.fingerprintHex}:${parseServerUrl(invite.url)}`;
}

/** Parse an invite line; surrounding whitespace is ignored, anything else wrong is an error. */
export function parseInvite(text: string): Invite {
  if (typeof text !== "string") throw invalid("invite must be a string");
  const trimmed = text.trim();
  if (!trimmed.startsWith(INVITE_PREFIX)) {
    throw invalid(
      `an invite starts with "${INVITE_PREFIX}${INVITE_VERSION}:" (ask the group's admin for one)`,
    );
  }
  const rest = trimmed.slice(INVITE_PREFIX.length);
  const first = rest.indexOf(":");
  const second = first < 0 ? -1 : rest.indexOf(":", first + 1);
  if (second < 0)
    throw invalid("invite is incomplete: expected grypt-invite:1:<fingerprint>:<url>");
  const version = rest.slice(0, first);
  if (version !== String(INVITE_VERSION)) {
    throw invalid(
      `unsupported invite version ${JSON.stringify(version.slice(0, 10))} (this grypt reads version ${INVITE_VERSION})`,
    );
  }
  const fingerprintHex = rest.slice(first + 1, second);
  if (!FINGERPRINT_HEX.test(fingerprintHex)) {
    throw invalid(
      "invite fingerprint must be 64 lowercase hex digits (was the invite cut or changed?)",
    );
  }
  return { url: parseServerUrl(rest.slice(second + 1)), fingerprintHex };
}
