/**
 * Proves the Firefox BiDi harness on a throwaway extension: install, content script on a
 * 127.0.0.1 page talking to the background, extension page at a known moz-extension URL,
 * optional host permission by real click and by grant, context-menu click, console capture,
 * and a close() that leaves no process and no profile behind.
 */
import assert from "node:assert/strict";
import { existsSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { after, before, describe, test } from "node:test";
import * as v from "valibot";
import {
  type FirefoxBrowser,
  firefoxMissingReason,
  type InstalledExtension,
  launchFirefox,
} from "./helpers/firefox-bidi.ts";
import {
  PROBE_ID,
  PROBE_MENU_LABEL,
  PROBE_OTHER_MENU_LABEL,
  PROBE_SHORTCUT,
  writeProbeExtension,
} from "./helpers/firefox-probe-extension.ts";

const missing = firefoxMissingReason();

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>site</title></head><body>
<p id="text">plain page text</p><textarea id="box">select me please</textarea>
</body></html>`;

function startSite(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(PAGE);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      resolve({ server, origin: `http://127.0.0.1:${port}` });
    });
  });
}

describe("Firefox BiDi harness", { skip: missing ?? false }, () => {
  let firefox: FirefoxBrowser;
  let probe: InstalledExtension;
  let site: { server: Server; origin: string };
  let extensionDir: string;

  before(async () => {
    site = await startSite();
    extensionDir = writeProbeExtension();
    firefox = await launchFirefox({ extensions: [extensionDir] });
    probe = firefox.extensions[0]!;
  });

  after(async () => {
    await firefox?.close();
    site?.server.close();
    if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
  });

  test("installs the unpacked extension under its gecko id with the preset UUID host", () => {
    assert.equal(probe.id, PROBE_ID);
    assert.match(probe.host, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(probe.url("/page.html"), `moz-extension://${probe.host}/page.html`);
  });

  test("the content script runs on a 127.0.0.1 page and its background answers", async () => {
    const tab = await firefox.firstTab();
    await tab.navigate(`${site.origin}/feed`);
    const mark = await tab.waitFor("document.documentElement.dataset.probe", v.string(), {
      what: "the content script",
    });
    assert.equal(mark, "content-script-ran");
    const reply = await tab.waitFor("document.documentElement.dataset.probeReply", v.string());
    assert.deepEqual(JSON.parse(reply), {
      type: "pong",
      id: PROBE_ID,
      from: `${site.origin}/feed`,
    });
  });

  test("opens the extension page, which reaches extension APIs", async () => {
    const tab = await firefox.newTab(probe.url("page.html"));
    assert.equal(await tab.evaluate("document.body.dataset.ready", v.string()), "yes");
    assert.equal(await tab.evaluate("browser.runtime.id", v.string()), PROBE_ID);
    const origins = await tab.evaluate(
      "browser.permissions.getAll().then((p) => p.origins)",
      v.array(v.string()),
    );
    assert.deepEqual(
      origins,
      ["http://127.0.0.1/*"],
      "MV3 host_permissions are granted at install",
    );
    await tab.close();
  });

  test("permissions.request needs a real click; with one it is granted without a prompt", async () => {
    const tab = await firefox.newTab(probe.url("page.html"));
    const scripted = await tab.evaluate(
      "browser.permissions.request({ origins: ['http://localhost/*'] }).then(String, (e) => e.message)",
      v.string(),
      { userActivation: true },
    );
    assert.match(
      scripted,
      /user input handler/,
      "a scripted call is refused, so the click below is what counts",
    );
    await tab.click("#ask");
    assert.equal(
      await tab.waitFor("document.getElementById('answer').textContent", v.string()),
      "true",
    );
    const has = "browser.permissions.contains({ origins: ['http://localhost/*'] })";
    assert.equal(await tab.evaluate(has, v.boolean()), true);
    await tab.close();
  });

  test("grantOrigins grants an optional host permission and fires permissions.onAdded", async () => {
    await firefox.grantOrigins(PROBE_ID, ["http://example.invalid/*"]);
    const tab = await firefox.newTab(probe.url("page.html"));
    const has = "browser.permissions.contains({ origins: ['http://example.invalid/*'] })";
    assert.equal(await tab.evaluate(has, v.boolean()), true);
    const granted = await tab.waitFor(
      "browser.storage.local.get('granted').then((s) => (s.granted ?? []).includes('http://example.invalid/*') && s.granted)",
      v.array(v.string()),
      { what: "permissions.onAdded to record the grant" },
    );
    assert.ok(granted.includes("http://example.invalid/*"));
    await tab.close();
  });

  test("a right click opens the page menu and the extension's item reaches its background", async () => {
    const tab = await firefox.firstTab();
    await tab.navigate(`${site.origin}/compose`);
    await tab.waitFor("document.documentElement.dataset.probeReply", v.string(), {
      what: "the content script",
    });
    const select =
      "() => { const box = document.getElementById('box'); box.focus(); box.select(); return true; }";
    await tab.call(select, [], v.literal(true));
    // Right-click on the selected text itself (top-left of the box), or Firefox moves the caret.
    await tab.click("#box", { button: "right", at: { x: 12, y: 8 } });
    const labels = await firefox.waitForContextMenu(PROBE_MENU_LABEL);
    assert.ok(
      labels.includes(PROBE_OTHER_MENU_LABEL),
      `both items shown (Firefox nests them in a submenu): ${labels}`,
    );
    await firefox.clickContextMenuItem(PROBE_MENU_LABEL);
    const out = await tab.waitFor(
      "document.getElementById('probe-menu')?.textContent",
      v.string(),
      { what: "the menu click" },
    );
    assert.deepEqual(JSON.parse(out), { selection: "select me please", editable: true });
  });

  test("an extension keyboard shortcut runs its command in the active tab", async () => {
    const tab = await firefox.firstTab();
    await firefox.runShortcut(PROBE_ID, PROBE_SHORTCUT);
    const command = await tab.waitFor("document.documentElement.dataset.probeCommand", v.string(), {
      what: "commands.onCommand",
    });
    assert.equal(command, "probe-command");
    await assert.rejects(
      firefox.runShortcut(PROBE_ID, "Ctrl+Shift+F12"),
      /no key for Ctrl\+Shift\+F12/,
    );
  });

  test("stopBackground suspends the event page; the next extension event starts it again", async () => {
    assert.equal(await firefox.backgroundState(PROBE_ID), "running");
    await firefox.stopBackground(PROBE_ID);
    assert.equal(await firefox.backgroundState(PROBE_ID), "stopped");
    const tab = await firefox.firstTab();
    await tab.navigate(`${site.origin}/again`);
    const reply = await tab.waitFor("document.documentElement.dataset.probeReply", v.string(), {
      what: "the woken background",
    });
    assert.equal(JSON.parse(reply).from, `${site.origin}/again`);
    assert.equal(await firefox.backgroundState(PROBE_ID), "running");
  });

  test("page console errors are captured for diagnostics", async () => {
    const tab = await firefox.firstTab();
    await tab.evaluate(
      "setTimeout(() => { throw new Error('harness-visible failure'); }, 0), true",
      v.literal(true),
    );
    await tab.evaluate("console.error('harness console error'), true", v.literal(true));
    const deadline = Date.now() + 5_000;
    while (!firefox.errorLog().includes("harness console error") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.match(firefox.errorLog(), /harness-visible failure/);
    assert.match(firefox.errorLog(), /harness console error/);
  });

  test("the extension background's console output is kept for failure messages", () => {
    assert.match(firefox.consoleOutput(), /console\.info: "probe background running"/);
  });

  test("close() ends Firefox and removes its profile", async () => {
    const spare = await launchFirefox();
    const pid = spare.pid;
    assert.ok(pid !== undefined && existsSync(spare.profile));
    await spare.close();
    assert.equal(existsSync(spare.profile), false);
    assert.throws(() => process.kill(pid, 0), /ESRCH/, "the Firefox process is gone");
  });
});
