/**
 * A throwaway MV3 extension the Firefox harness test writes into a temp folder: a background
 * script (answers pings, records permission grants, owns a context-menu item), a content script
 * that marks every 127.0.0.1 page and relays menu clicks and a keyboard command into it, and an
 * extension page with a button asking for an optional host permission.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const PROBE_ID = "harness-probe@grypt.invalid";
export const PROBE_MENU_LABEL = "Probe: mark selection";
export const PROBE_OTHER_MENU_LABEL = "Probe: other item";
export const PROBE_SHORTCUT = "Ctrl+Shift+Y";

const MANIFEST = {
  manifest_version: 3,
  name: "grypt Firefox harness probe",
  version: "1.0",
  background: { service_worker: "background.js", scripts: ["background.js"] },
  permissions: ["storage", "contextMenus"],
  host_permissions: ["http://127.0.0.1/*"],
  optional_host_permissions: ["http://localhost/*", "http://example.invalid/*"],
  content_scripts: [
    { matches: ["http://127.0.0.1/*"], js: ["content.js"], run_at: "document_idle" },
  ],
  commands: {
    "probe-command": { suggested_key: { default: PROBE_SHORTCUT }, description: "Probe command" },
  },
  browser_specific_settings: { gecko: { id: PROBE_ID, strict_min_version: "128.0" } },
};

const BACKGROUND = `
console.info("probe background running");
browser.runtime.onMessage.addListener((message, sender) => {
  if (message && message.type === "ping") return Promise.resolve({ type: "pong", id: browser.runtime.id, from: sender.url });
  return undefined;
});
browser.permissions.onAdded.addListener(async (added) => {
  const { granted = [] } = await browser.storage.local.get("granted");
  await browser.storage.local.set({ granted: [...granted, ...(added.origins ?? [])] });
});
browser.runtime.onInstalled.addListener(() => {
  browser.contextMenus.create({ id: "probe-mark", title: ${JSON.stringify(PROBE_MENU_LABEL)}, contexts: ["selection", "editable"] });
  browser.contextMenus.create({ id: "probe-other", title: ${JSON.stringify(PROBE_OTHER_MENU_LABEL)}, contexts: ["all"] });
});
browser.commands.onCommand.addListener(async (command) => {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (tab) browser.tabs.sendMessage(tab.id, { type: "command", command });
});
browser.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId !== "probe-mark" || !tab) return;
  browser.tabs.sendMessage(tab.id, { type: "menu", selection: info.selectionText ?? "", editable: info.editable });
});
`;

const CONTENT = `
document.documentElement.dataset.probe = "content-script-ran";
browser.runtime.sendMessage({ type: "ping" }).then((reply) => {
  document.documentElement.dataset.probeReply = JSON.stringify(reply);
});
browser.runtime.onMessage.addListener((message) => {
  if (message && message.type === "menu") {
    const out = document.createElement("output");
    out.id = "probe-menu";
    out.textContent = JSON.stringify({ selection: message.selection, editable: message.editable });
    document.body.append(out);
  }
  if (message && message.type === "command") document.documentElement.dataset.probeCommand = message.command;
});
`;

const PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>probe page</title></head>
<body><button id="ask" style="width:200px;height:40px">Allow localhost</button><output id="answer"></output>
<script src="page.js"></script></body></html>`;

const PAGE_JS = `
document.body.dataset.ready = "yes";
document.getElementById("ask").addEventListener("click", () => {
  browser.permissions.request({ origins: ["http://localhost/*"] }).then(
    (granted) => { document.getElementById("answer").textContent = String(granted); },
    (error) => { document.getElementById("answer").textContent = "error: " + error.message; },
  );
});
`;

/** Write the probe extension into a new temp folder and return the folder. */
export function writeProbeExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), "grypt-probe-ext-"));
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(MANIFEST, null, 2));
  writeFileSync(join(dir, "background.js"), BACKGROUND);
  writeFileSync(join(dir, "content.js"), CONTENT);
  writeFileSync(join(dir, "page.html"), PAGE_HTML);
  writeFileSync(join(dir, "page.js"), PAGE_JS);
  return dir;
}
