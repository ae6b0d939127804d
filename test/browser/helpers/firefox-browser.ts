/**
 * A running test Firefox as tests see it: its BiDi connection, installed extensions, tabs, the
 * privileged helpers (permissions, context menu, shortcuts, event-page suspension) and the
 * console output kept for failure messages. Made by launchFirefox() in firefox-bidi.ts.
 */
import * as v from "valibot";
import type { BidiConnection } from "./firefox-bidi-connection.ts";
import { CreateResult, InstallResult, LogEntry, TreeResult } from "./firefox-bidi-protocol.ts";
import {
  backgroundState,
  clickContextMenuItem,
  extensionHost,
  grantOrigins,
  runExtensionShortcut,
  stopBackground,
  waitForContextMenu,
} from "./firefox-chrome.ts";
import type { FirefoxProcess } from "./firefox-process.ts";
import { FirefoxTab } from "./firefox-tab.ts";

export interface InstalledExtension {
  id: string;
  /** The moz-extension:// host (Firefox's per-profile UUID, not the id). */
  host: string;
  /** moz-extension://<host>/<path> */
  url(path: string): string;
}

export interface LogRecord {
  level: string;
  text: string;
  context: string | undefined;
}

export class FirefoxBrowser {
  readonly bidi: BidiConnection;
  /** Console messages and uncaught errors of tabs (web and extension pages), in order. */
  readonly logs: LogRecord[] = [];
  readonly extensions: InstalledExtension[] = [];
  /** The temporary profile folder (gone after close()). */
  readonly profile: string;
  /** Firefox's process id (dead after close()). */
  readonly pid: number | undefined;
  readonly #stop: (graceful?: () => Promise<unknown>) => Promise<void>;
  readonly #output: () => string;

  constructor(bidi: BidiConnection, firefox: FirefoxProcess) {
    this.bidi = bidi;
    this.profile = firefox.profile;
    this.pid = firefox.child.pid;
    this.#stop = firefox.stop;
    this.#output = firefox.output;
    bidi.on("log.entryAdded", (params) => {
      const entry = v.safeParse(LogEntry, params);
      if (entry.success)
        this.logs.push({
          level: entry.output.level,
          text: entry.output.text ?? "",
          context: entry.output.source.context,
        });
    });
  }

  /** Install an unpacked extension temporarily; resolves with its id and moz-extension host. */
  async installExtension(dir: string): Promise<InstalledExtension> {
    const { extension: id } = v.parse(
      InstallResult,
      await this.bidi.command("webExtension.install", {
        extensionData: { type: "path", path: dir },
      }),
    );
    const host = await extensionHost(this.bidi, id);
    const installed = {
      id,
      host,
      url: (path: string) => `moz-extension://${host}/${path.replace(/^\//, "")}`,
    };
    this.extensions.push(installed);
    return installed;
  }

  /** The tab Firefox opened at start (reused so no blank window lingers). */
  async firstTab(): Promise<FirefoxTab> {
    const tree = v.parse(
      TreeResult,
      await this.bidi.command("browsingContext.getTree", { maxDepth: 0 }),
    );
    const first = tree.contexts[0];
    return first ? new FirefoxTab(this.bidi, first.context) : this.newTab();
  }

  /** Open a new tab, optionally loading a URL in it. */
  async newTab(url?: string): Promise<FirefoxTab> {
    const { context } = v.parse(
      CreateResult,
      await this.bidi.command("browsingContext.create", { type: "tab" }),
    );
    const tab = new FirefoxTab(this.bidi, context);
    if (url !== undefined) await tab.navigate(url);
    return tab;
  }

  /** Grant optional host permissions, as if the user accepted the extension's request. */
  grantOrigins(extensionId: string, origins: string[]): Promise<void> {
    return grantOrigins(this.bidi, extensionId, origins);
  }

  /** Wait until the open page context menu shows `label`; resolves with all its labels. */
  waitForContextMenu(label: string): Promise<string[]> {
    return waitForContextMenu(this.bidi, label);
  }

  /** Click an item of the open page context menu (open it with tab.click(selector, "right")). */
  clickContextMenuItem(label: string): Promise<void> {
    return clickContextMenuItem(this.bidi, label);
  }

  /** The extension's background state ("running", "stopped", ...). */
  backgroundState(extensionId: string): Promise<string> {
    return backgroundState(this.bidi, extensionId);
  }

  /** Suspend the extension's event page now, as Firefox does when it has been idle. */
  stopBackground(extensionId: string): Promise<void> {
    return stopBackground(this.bidi, extensionId);
  }

  /** Run an extension's manifest shortcut (e.g. "Ctrl+Shift+E") as if the user pressed it. */
  runShortcut(extensionId: string, shortcut: string): Promise<void> {
    return runExtensionShortcut(this.bidi, extensionId, shortcut);
  }

  /**
   * Console lines and extension script errors Firefox printed (extension background and pages
   * included, Firefox's own module logs left out), the last `maxLines`: for failure messages.
   */
  consoleOutput(maxLines = 60): string {
    // Firefox's own modules log as `console.warn: Name: ...`; pages and extensions log values.
    const lines = this.#output()
      .split("\n")
      .filter((line) =>
        /^console\.\w+: (?![\w.-]+: )|^JavaScript (error|warning): moz-extension:/.test(line),
      );
    return lines.slice(-maxLines).join("\n");
  }

  /** Errors logged so far, one per line, for assertion messages. */
  errorLog(): string {
    return this.logs
      .filter((record) => record.level === "error")
      .map((record) => record.text)
      .join("\n");
  }

  /** End the session, kill Firefox and remove its profile (safe to call twice). */
  close(): Promise<void> {
    const bidi = this.bidi;
    return this.#stop(async () => {
      if (!bidi.closed) await bidi.command("browser.close", {}, 5_000);
    }).finally(() => bidi.close());
  }
}
