/** The toolbar badge: "!" when a group's server presented another key than the pinned one. */
import { browser } from "./browser-api.ts";
import { serialized } from "./serial-queue.ts";
import { readStatuses } from "./stored-state.ts";

export function updateBadge(): Promise<void> {
  return serialized("badge", async () => {
    const statuses = Object.values(await readStatuses());
    const refused = statuses.some((status) => status.state === "key-mismatch");
    await browser.action.setBadgeBackgroundColor({ color: "#b3261e" });
    await browser.action.setBadgeText({ text: refused ? "!" : "" });
    await browser.action.setTitle({
      title: refused ? "grypt: a server presented an unexpected key (open to see)" : "grypt",
    });
  });
}
