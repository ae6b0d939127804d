/** Tell every tab's content script that keys or the lock state changed. */
import type { BackgroundToContent } from "../messages/content-messages.ts";
import { browser } from "./browser-api.ts";

export async function broadcastKeysChanged(locked: boolean): Promise<void> {
  const message: BackgroundToContent = { type: "keys-changed", locked };
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
