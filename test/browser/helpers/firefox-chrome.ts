/**
 * What a test needs from Firefox's privileged (chrome) side, reached through BiDi's
 * `moz:scope: "chrome"` contexts (needs --remote-allow-system-access): an extension's
 * moz-extension:// host, granting host permissions as the user would, and clicking an
 * extension's item in the page context menu (browser UI that page scripts cannot reach).
 */
import * as v from "valibot";
import type { BidiConnection } from "./firefox-bidi-connection.ts";
import { TreeResult } from "./firefox-bidi-protocol.ts";
import { callFunction } from "./firefox-script.ts";

const BROWSER_WINDOW = "chrome://browser/content/browser.xhtml";

/** The browsing context of the main browser window's chrome document. */
export async function chromeWindow(bidi: BidiConnection): Promise<string> {
  const tree = v.parse(
    TreeResult,
    await bidi.command("browsingContext.getTree", { "moz:scope": "chrome" }),
  );
  const window = tree.contexts.find((context) => context.url === BROWSER_WINDOW);
  if (!window)
    throw new Error(`no ${BROWSER_WINDOW} among ${tree.contexts.map((c) => c.url).join(", ")}`);
  return window.context;
}

/** The internal UUID host of moz-extension:// URLs for an installed extension id. */
export async function extensionHost(bidi: BidiConnection, extensionId: string): Promise<string> {
  const chrome = await chromeWindow(bidi);
  const host = await callFunction(
    bidi,
    chrome,
    "(id) => WebExtensionPolicy.getByID(id)?.mozExtensionHostname ?? null",
    [extensionId],
    v.nullable(v.string()),
  );
  if (host === null) throw new Error(`extension ${extensionId} is not installed`);
  return host;
}

/**
 * Grant optional host permissions (match patterns) to an extension, exactly what accepting
 * its permissions.request prompt does: the extension's permissions.onAdded fires.
 */
export async function grantOrigins(
  bidi: BidiConnection,
  extensionId: string,
  origins: string[],
): Promise<void> {
  const chrome = await chromeWindow(bidi);
  await callFunction(
    bidi,
    chrome,
    `async (id, origins) => {
      const { ExtensionPermissions } = ChromeUtils.importESModule("resource://gre/modules/ExtensionPermissions.sys.mjs");
      const policy = WebExtensionPolicy.getByID(id);
      if (!policy) throw new Error("extension " + id + " is not installed");
      await ExtensionPermissions.add(id, { permissions: [], origins }, policy.extension);
      return true;
    }`,
    [extensionId, origins],
    v.literal(true),
  );
}

const MENU_LABELS = `() => {
  const menu = document.getElementById("contentAreaContextMenu");
  if (!menu || menu.state !== "open") return [];
  return [...menu.querySelectorAll("menuitem")].filter((item) => !item.hidden).map((item) => item.label ?? "");
}`;

/** Wait until the page context menu is open and shows `label`; resolves with all item labels. */
export async function waitForContextMenu(
  bidi: BidiConnection,
  label: string,
  timeoutMs = 10_000,
): Promise<string[]> {
  const chrome = await chromeWindow(bidi);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const labels = await callFunction(bidi, chrome, MENU_LABELS, [], v.array(v.string()));
    if (labels.includes(label)) return labels;
    if (Date.now() > deadline)
      throw new Error(`context menu item "${label}" not shown (items: ${labels.join(" | ")})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Wait for the page context menu (opened by a right click) to show an item with this label,
 * then activate it as a click would; the extension's contextMenus.onClicked fires.
 */
export async function clickContextMenuItem(
  bidi: BidiConnection,
  label: string,
  timeoutMs = 10_000,
): Promise<void> {
  await waitForContextMenu(bidi, label, timeoutMs);
  const chrome = await chromeWindow(bidi);
  await callFunction(
    bidi,
    chrome,
    `(label) => {
      const menu = document.getElementById("contentAreaContextMenu");
      const item = [...menu.querySelectorAll("menuitem")].find((i) => !i.hidden && i.label === label);
      item.doCommand();
      menu.hidePopup();
      return true;
    }`,
    [label],
    v.literal(true),
  );
}

/**
 * Fire an extension's keyboard shortcut (a manifest `commands` entry such as "Ctrl+Shift+E")
 * in the browser window, as pressing it does: the extension's commands.onCommand fires.
 * Synthesized page key events never reach browser-level shortcuts, so the <key> element Firefox
 * registered for the shortcut is found and run.
 */
export async function runExtensionShortcut(
  bidi: BidiConnection,
  extensionId: string,
  shortcut: string,
): Promise<void> {
  const chrome = await chromeWindow(bidi);
  await callFunction(
    bidi,
    chrome,
    `(id, shortcut) => {
      const widget = id.toLowerCase().replace(/[^a-z0-9_-]/g, "_");
      const keyset = document.getElementById("ext-keyset-id-" + widget);
      if (!keyset) throw new Error("extension " + id + " has no shortcuts in this window");
      const parts = shortcut.split("+");
      const key = parts.pop().toUpperCase();
      const names = { Ctrl: "accel", Command: "accel", Alt: "alt", Shift: "shift", MacCtrl: "control" };
      const wanted = parts.map((p) => names[p] ?? p.toLowerCase()).sort().join(",");
      const found = [...keyset.children].find((k) =>
        (k.getAttribute("key") ?? "").toUpperCase() === key &&
        (k.getAttribute("modifiers") ?? "").split(",").filter(Boolean).sort().join(",") === wanted);
      if (!found) throw new Error("no key for " + shortcut + " among " + [...keyset.children].map((k) => k.getAttribute("modifiers") + "+" + k.getAttribute("key")).join(" "));
      found.doCommand();
      return true;
    }`,
    [extensionId, shortcut],
    v.literal(true),
  );
}

/** The extension's background state: "starting", "running", "suspending" or "stopped". */
export async function backgroundState(bidi: BidiConnection, extensionId: string): Promise<string> {
  const chrome = await chromeWindow(bidi);
  return callFunction(
    bidi,
    chrome,
    `(id) => {
      const extension = WebExtensionPolicy.getByID(id)?.extension;
      if (!extension) throw new Error("extension " + id + " is not installed");
      return extension.backgroundState;
    }`,
    [extensionId],
    v.string(),
  );
}

/**
 * Suspend the extension's background (event page) now, as Firefox does after its idle timeout
 * (30 s without extension events; open WebSockets do not count): its globals and sockets are
 * gone, and the next extension event starts it again. Resolves once it has stopped.
 */
export async function stopBackground(bidi: BidiConnection, extensionId: string): Promise<void> {
  const chrome = await chromeWindow(bidi);
  await callFunction(
    bidi,
    chrome,
    `async (id) => {
      const extension = WebExtensionPolicy.getByID(id)?.extension;
      if (!extension) throw new Error("extension " + id + " is not installed");
      if (extension.backgroundState !== "stopped") await extension.terminateBackground({ disableResetIdleForTest: true });
      return true;
    }`,
    [extensionId],
    v.literal(true),
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    const state = await backgroundState(bidi, extensionId);
    if (state === "stopped") return;
    if (Date.now() > deadline)
      throw new Error(`background of ${extensionId} is still ${state} after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
