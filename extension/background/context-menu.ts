/**
 * The page menu on editable fields: "Write privately here" (a composer frame the site cannot
 * read) and, per group, in-place encryption of the selection, labelled as encrypting text the
 * site has already seen. Keyboard shortcuts: the private composer, and in-place encryption for
 * the default group.
 */
import type { BackgroundToContent } from "../messages/content-messages.ts";
import { browser } from "./browser-api.ts";
import { openComposer } from "./private-composer.ts";
import { serialized } from "./serial-queue.ts";
import { readGroups, readSettings } from "./stored-state.ts";

const ITEM_PREFIX = "encrypt-for:";
const WRITE_PRIVATELY_ITEM = "write-privately";
export const ENCRYPT_COMMAND = "encrypt-selection";
export const WRITE_PRIVATELY_COMMAND = "write-privately";

/** The in-place item's title: short, and saying that the site has seen the text. */
export function inPlaceTitle(groupName: string): string {
  return `Encrypt in place for ${groupName} (site has seen it)`;
}

/** Rebuild the menu from the stored groups (menus persist, so this runs on every change). */
export function rebuildContextMenu(): Promise<void> {
  return serialized("context-menu", async () => {
    await browser.contextMenus.removeAll();
    const groups = Object.values(await readGroups()).sort((a, b) => a.addedAt - b.addedAt);
    if (groups.length === 0) return;
    browser.contextMenus.create({
      id: WRITE_PRIVATELY_ITEM,
      title: "Write privately here",
      contexts: ["editable"],
    });
    for (const group of groups) {
      browser.contextMenus.create({
        id: `${ITEM_PREFIX}${group.groupId}`,
        title: inPlaceTitle(group.name || group.groupId),
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
  if (tab?.id === undefined) return;
  if (id === WRITE_PRIVATELY_ITEM) void openComposer(tab.id, info.frameId);
  else if (id.startsWith(ITEM_PREFIX))
    void sendEncryptInPlace(tab.id, id.slice(ITEM_PREFIX.length), info.frameId);
}

export async function onCommand(command: string): Promise<void> {
  if (command !== ENCRYPT_COMMAND && command !== WRITE_PRIVATELY_COMMAND) return;
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (tab?.id === undefined) return;
  if (command === WRITE_PRIVATELY_COMMAND) return openComposer(tab.id);
  const { defaultGroupId } = await readSettings();
  await sendEncryptInPlace(tab.id, defaultGroupId);
}
