/** The WebExtension API (promise-based on Chrome and Firefox) and the few calls its types lack. */
import browser from "webextension-polyfill";

export { browser };

interface SessionAccess {
  setAccessLevel?: (options: {
    accessLevel: "TRUSTED_CONTEXTS" | "TRUSTED_AND_UNTRUSTED_CONTEXTS";
  }) => Promise<void>;
}

/**
 * Keep storage.session (the vault key) and, where the browser allows it, storage.local (the
 * encrypted vault and sealed group keys) for extension pages and the background only: content
 * scripts run next to web pages and never need either.
 */
export async function restrictStorageAccess(): Promise<void> {
  const areas = browser.storage as unknown as { session?: SessionAccess; local?: SessionAccess };
  await areas.session?.setAccessLevel?.({ accessLevel: "TRUSTED_CONTEXTS" });
  try {
    await areas.local?.setAccessLevel?.({ accessLevel: "TRUSTED_CONTEXTS" });
  } catch {
    // Older browsers restrict only storage.session; storage.local holds nothing unencrypted.
  }
}

/** storage.session (memory only, cleared when the browser quits). */
export function sessionStorage(): typeof browser.storage.local {
  const session = (browser.storage as unknown as { session?: typeof browser.storage.local })
    .session;
  if (!session) throw new Error("storage.session is not available");
  return session;
}
