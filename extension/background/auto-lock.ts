/**
 * Auto-lock after the idle time the user set: the idle API reports "idle" after exactly that
 * long without input (and "locked" when the screen locks); an alarm re-checks every minute in
 * case the worker slept through the event.
 */
import { browser } from "./browser-api.ts";
import { readSettings } from "./stored-state.ts";
import { getUnlocked, lock } from "./vault-session.ts";

export const AUTO_LOCK_ALARM = "auto-lock-check";
const MIN_IDLE_SECONDS = 15;

async function idleSeconds(): Promise<number> {
  return Math.max(MIN_IDLE_SECONDS, (await readSettings()).autoLockMinutes * 60);
}

export async function configureAutoLock(): Promise<void> {
  browser.idle.setDetectionInterval(await idleSeconds());
  const existing = await browser.alarms.get(AUTO_LOCK_ALARM);
  if (!existing) browser.alarms.create(AUTO_LOCK_ALARM, { periodInMinutes: 1 });
}

export async function onIdleState(state: string): Promise<void> {
  if (state === "active") return;
  if (await getUnlocked()) await lock();
}

export async function checkIdleNow(): Promise<void> {
  if (!(await getUnlocked())) return;
  const state = await browser.idle.queryState(await idleSeconds());
  await onIdleState(state);
}
