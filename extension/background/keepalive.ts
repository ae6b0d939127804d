/**
 * Keeping the background alive while groups are connected.
 * - An alarm every 30 s (the shortest Chrome allows) wakes a stopped worker, which then
 *   reconnects its groups.
 * - Chrome counts WebSocket traffic as activity, so each MemberClient's ping every 20 s keeps
 *   its service worker running. Firefox's event page does not: it is suspended after 30 s
 *   without extension API activity. So while any group has a client, a cheap extension API call
 *   every 20 s keeps the page alive in both browsers.
 */
import { browser } from "./browser-api.ts";

export const KEEPALIVE_ALARM = "keepalive";
const ACTIVITY_INTERVAL_MS = 20_000;

export async function scheduleKeepalive(): Promise<void> {
  const existing = await browser.alarms.get(KEEPALIVE_ALARM);
  if (!existing) browser.alarms.create(KEEPALIVE_ALARM, { periodInMinutes: 0.5 });
}

/** Touch the extension API every 20 s while `busy()` says connections are open. */
export function keepAliveWhile(busy: () => boolean): void {
  setInterval(() => {
    if (busy()) void browser.runtime.getPlatformInfo();
  }, ACTIVITY_INTERVAL_MS);
}
