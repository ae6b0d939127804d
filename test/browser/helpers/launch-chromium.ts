/**
 * Browser-test harness shared by the extension tests: builds the extension when missing or
 * stale (esbuild JS API, under a lock so parallel test files build once), launches Debian's
 * Chromium with a private copy of it through playwright-core, opens extension pages, stops the
 * service worker through the DevTools protocol, and evaluates code in the content script's
 * isolated world. Fixture sites: pass `args: ["--host-resolver-rules=MAP x.com 127.0.0.1"]` and
 * serve on 127.0.0.1 to appear as a known social site (its host permission comes with install).
 */
import { closeSync, cpSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page, type Worker } from "playwright-core";
import {
  buildExtension,
  CHROMIUM_DIR,
  isBuildStale,
  ROOT,
} from "../../../scripts/build-extension.ts";

export { type GryptServer, startGryptServer } from "./grypt-server.ts";

const LOCK = join(ROOT, "build", ".build.lock");
const LOCK_STALE_MS = 120_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(join(ROOT, "build"), { recursive: true });
  for (;;) {
    try {
      closeSync(openSync(LOCK, "wx"));
      break;
    } catch {
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { force: true });
      } catch {
        // The holder released it between our two calls.
      }
      await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

/**
 * Build build/extension unless it is up to date with its sources; with `copyTo`, also copy it
 * there under the same lock (so a parallel rebuild never hands out a half-written folder).
 */
export async function ensureExtensionBuilt(copyTo?: string): Promise<string> {
  return withBuildLock(async () => {
    if (isBuildStale()) await buildExtension();
    if (copyTo) cpSync(CHROMIUM_DIR, copyTo, { recursive: true });
    return copyTo ?? CHROMIUM_DIR;
  });
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The folder Chromium loaded the extension from (a private copy of build/extension). */
  extensionDir: string;
  /** The current service worker (changes after stopServiceWorker + wake-up). */
  serviceWorker(): Promise<Worker>;
  extensionUrl(path: string): string;
  openPopup(): Promise<Page>;
  openOptions(): Promise<Page>;
  /** Stop every service worker through the DevTools protocol (as Chrome does when idle). */
  stopServiceWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Evaluate `expression` (awaiting a promise) in the extension content script's isolated world
 * of `page`, through the DevTools protocol; resolves with its JSON value, rejects with its error.
 */
export async function evaluateInContentScript(
  page: Page,
  extensionId: string,
  expression: string,
): Promise<unknown> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts: { id: number; origin: string; auxData?: { type?: string } }[] = [];
    cdp.on("Runtime.executionContextCreated", (event) => contexts.push(event.context));
    await cdp.send("Runtime.enable");
    const isolated = contexts.find(
      (c) => c.auxData?.type === "isolated" && c.origin.includes(extensionId),
    );
    if (!isolated) throw new Error("no grypt content script runs in this page");
    const result = await cdp.send("Runtime.evaluate", {
      expression,
      contextId: isolated.id,
      awaitPromise: true,
      returnByValue: true,
    });
    if (result.exceptionDetails)
      throw new Error(
        result.exceptionDetails.exception?.description ?? result.exceptionDetails.text,
      );
    return result.result.value;
  } finally {
    await cdp.detach();
  }
}

export interface LaunchOptions {
  /** Extra Chromium switches (e.g. --host-resolver-rules for fixture sites). */
  args?: string[];
}

const closedWorkers = new WeakSet<Worker>();

function trackWorker(worker: Worker): void {
  worker.once("close", () => closedWorkers.add(worker));
}

async function currentWorker(context: BrowserContext): Promise<Worker> {
  const live = context
    .serviceWorkers()
    .filter((w) => w.url().startsWith("chrome-extension://") && !closedWorkers.has(w));
  if (live.length > 0) return live[live.length - 1]!;
  return context.waitForEvent("serviceworker", { timeout: 15_000 });
}

export async function launchExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const tmp = mkdtempSync(join(tmpdir(), "grypt-chromium-"));
  const extensionDir = await ensureExtensionBuilt(join(tmp, "extension"));
  const profileDir = join(tmp, "profile");
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...(options.args ?? []),
    ],
  });
  let closed = false;
  for (const worker of context.serviceWorkers()) trackWorker(worker);
  context.on("serviceworker", trackWorker);
  try {
    const worker = await currentWorker(context);
    const extensionId = new URL(worker.url()).host;
    const extensionUrl = (path: string) => `chrome-extension://${extensionId}/${path}`;
    const openPage = async (path: string) => {
      const page = await context.newPage();
      await page.goto(extensionUrl(path));
      return page;
    };
    return {
      context,
      extensionId,
      extensionDir,
      serviceWorker: () => currentWorker(context),
      extensionUrl,
      openPopup: () => openPage("popup/popup.html"),
      openOptions: () => openPage("options/options.html"),
      stopServiceWorker: async () => {
        const page = context.pages()[0] ?? (await context.newPage());
        const cdp = await context.newCDPSession(page);
        try {
          const stopped = new Promise<void>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error("service worker did not stop within 10 s")),
              10_000,
            );
            cdp.on("ServiceWorker.workerVersionUpdated", (event) => {
              const ours = event.versions.filter((version) =>
                version.scriptURL.startsWith(extensionUrl("")),
              );
              if (ours.length > 0 && ours.every((version) => version.runningStatus === "stopped")) {
                clearTimeout(timer);
                resolve();
              }
            });
          });
          await cdp.send("ServiceWorker.enable");
          await cdp.send("ServiceWorker.stopAllWorkers");
          await stopped;
        } finally {
          await cdp.detach();
        }
      },
      close: async () => {
        if (closed) return;
        closed = true;
        await context.close();
        rmSync(tmp, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context.close();
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}
