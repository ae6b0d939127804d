/**
 * Background entry (MV3 service worker / Firefox event page): registers every listener at top
 * level, then restores state from storage (an unlocked vault reconnects its groups).
 */
import type { Runtime } from "webextension-polyfill";
import { updateBadge } from "./action-badge.ts";
import { AUTO_LOCK_ALARM, checkIdleNow, configureAutoLock, onIdleState } from "./auto-lock.ts";
import { broadcastKeysChanged, broadcastReadingMode } from "./broadcast.ts";
import { browser, restrictStorageAccess } from "./browser-api.ts";
import { onCommand, onMenuClicked, rebuildContextMenu } from "./context-menu.ts";
import { connectAll, disconnectAll, hasClients, onGroupsChanged } from "./group-connections.ts";
import { KEEPALIVE_ALARM, keepAliveWhile, scheduleKeepalive } from "./keepalive.ts";
import { forgetKeysInMemory } from "./key-cache.ts";
import { routeMessage } from "./message-router.ts";
import { syncContentScripts } from "./site-access.ts";
import { readsInPage } from "./stored-state.ts";
import { onLock } from "./vault-session.ts";

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  routeMessage(message, sender),
);
browser.contextMenus.onClicked.addListener((info, tab) => onMenuClicked(info, tab));
browser.commands.onCommand.addListener((command: string) => void onCommand(command));
browser.idle.onStateChanged.addListener((state: string) => void onIdleState(state));
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === AUTO_LOCK_ALARM) void checkIdleNow();
  if (alarm.name === KEEPALIVE_ALARM) void connectAll();
});
browser.runtime.onInstalled.addListener(() => void syncContentScripts());
browser.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && "groups" in changes) void rebuildContextMenu();
  if (area === "local" && "groupStatus" in changes) void updateBadge();
  if (area === "local" && "settings" in changes) {
    const { oldValue, newValue } = changes.settings!;
    if (readsInPage(oldValue) !== readsInPage(newValue))
      void broadcastReadingMode(readsInPage(newValue));
  }
});
onGroupsChanged(() => void rebuildContextMenu());
keepAliveWhile(hasClients);
onLock(() => {
  disconnectAll();
  forgetKeysInMemory();
  void broadcastKeysChanged(true);
});

async function start(): Promise<void> {
  await restrictStorageAccess();
  await configureAutoLock();
  await scheduleKeepalive();
  await rebuildContextMenu();
  await syncContentScripts();
  await updateBadge();
  await connectAll();
}

void start();
