/**
 * "Encrypt for <group>" on editable fields (one item per group) and the keyboard shortcut for
 * the default group: both ask the tab's content script to encrypt the selection in place.
 */
import type { BackgroundToContent } from "../messages/content-messages.ts";
import { browser } from "./browser-api.ts";
import { serialized } from "./serial-queue.ts";
import { readGroups, readSettings } from "./stored-state.ts";

const ITEM_PREFIX = "encrypt-for:";
export const ENCRYPT_COMMAND = "encrypt-selection";

/** Rebuild the menu from the stored groups (menus persist, so this runs on every change). */
export function rebuildContextMenu(): Promise<void> {
  return serialized("context-menu", async () => {
    await browser.contextMenus.removeAll();
    const groups = Object.values(await readGroups()).sort((a, b) => a.addedAt - b.addedAt);
    for (const group of groups) {
      browser.contextMenus.create({
        id: `${ITEM_PREFIX}${group.groupId}`,
        title: `Encrypt for ${group.name || group.groupId}`,
        contexts: ["editable"],
      });
    }
  });
}

/** To one frame (the one right-clicked), or to every frame: only the one holding the focus acts. */
async function sendEncryptInPlace(
  tabId: number,
  groupId: string | undefined,
  frameId?: number,
): Promise<void> {
  const message: BackgroundToContent =
    groupId === undefined ? { type: "encrypt-in-place" } : { type: "encrypt-in-place", groupId };
  try {
    if (frameId === undefined) await browser.tabs.sendMessage(tabId, message);
    else await browser.tabs.sendMessage(tabId, message, { frameId });
  } catch {
    // No content script there (site not allowed): nothing to encrypt in place.
  }
}

export function onMenuClicked(
  info: { menuItemId: string | number; frameId?: number },
  tab: { id?: number } | undefined,
): void {
  const id = String(info.menuItemId);
  if (!id.startsWith(ITEM_PREFIX) || tab?.id === undefined) return;
  void sendEncryptInPlace(tab.id, id.slice(ITEM_PREFIX.length), info.frameId);
}

export async function onCommand(command: string): Promise<void> {
  if (command !== ENCRYPT_COMMAND) return;
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (tab?.id === undefined) return;
  const { defaultGroupId } = await readSettings();
  await sendEncryptInPlace(tab.id, defaultGroupId);
}
