/** Tell every tab's content script that keys or the lock state (or the reading setting) changed. */
import type { BackgroundToContent } from "../messages/content-messages.ts";
import { browser } from "./browser-api.ts";

export function broadcastKeysChanged(locked: boolean): Promise<void> {
  return broadcast({ type: "keys-changed", locked });
}

export function broadcastReadingMode(readInPage: boolean): Promise<void> {
  return broadcast({ type: "reading-mode", readInPage });
}

async function broadcast(message: BackgroundToContent): Promise<void> {
  const tabs = await browser.tabs.query({});
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined) return;
      try {
        await browser.tabs.sendMessage(tab.id, message);
      } catch {
        // No grypt content script in that tab (site not allowed, or a browser page).
      }
    }),
  );
}
