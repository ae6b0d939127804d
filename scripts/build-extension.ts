/**
 * Bundles the extension with esbuild into folders that load unpacked:
 * build/extension (Chromium: service worker) and build/extension-firefox (event page scripts,
 * gecko id). `npm run build`; the browser tests call buildExtensionIfStale() themselves.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const CHROMIUM_DIR = join(ROOT, "build", "extension");
export const FIREFOX_DIR = join(ROOT, "build", "extension-firefox");
const STAMP = ".build-stamp";

const ENTRIES: Record<string, string> = {
  "background/background": "extension/background/main.ts",
  "content/content": "extension/content/main.ts",
  "popup/popup": "extension/popup/main.ts",
  "options/options": "extension/options/main.ts",
  "composer-frame/composer": "extension/composer-frame/main.ts",
  "reader/reader": "extension/reader/main.ts",
};
const STATIC_FILE = /\.(html|css|png|svg|json)$/;
const INPUTS = [
  "manifest.json",
  "extension",
  "shared",
  "scripts/build-extension.ts",
  "package-lock.json",
];

function walk(path: string, out: string[] = []): string[] {
  if (!existsSync(path)) return out;
  if (!statSync(path).isDirectory()) {
    out.push(path);
    return out;
  }
  for (const name of readdirSync(path)) walk(join(path, name), out);
  return out;
}

/** Newest modification time of every build input, in ms. */
export function newestInputTime(): number {
  let newest = 0;
  for (const input of INPUTS) {
    for (const file of walk(join(ROOT, input))) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

export function isBuildStale(): boolean {
  for (const dir of [CHROMIUM_DIR, FIREFOX_DIR]) {
    const stamp = `${dir}${STAMP}`;
    if (!existsSync(stamp)) return true;
    if (Number(readFileSync(stamp, "utf8")) < newestInputTime()) return true;
  }
  return false;
}

type Manifest = Record<string, unknown> & { background: Record<string, unknown> };

/** Firefox has no use_dynamic_url (its moz-extension host is already random per install). */
function withoutDynamicUrls(resources: unknown): unknown {
  if (!Array.isArray(resources)) return resources;
  return resources.map((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) return entry;
    const { use_dynamic_url: _dynamic, ...rest } = entry as Record<string, unknown>;
    return rest;
  });
}

/**
 * Chromium loads the full source manifest (it ignores background.scripts and the gecko settings,
 * which web-ext lint requires); Firefox gets event-page scripts only (no service_worker).
 */
function variantManifests(): { chromium: Manifest; firefox: Manifest } {
  const source = JSON.parse(readFileSync(join(ROOT, "manifest.json"), "utf8")) as Manifest;
  const { service_worker: _sw, ...firefoxBackground } = source.background;
  const { minimum_chrome_version: _min, ...firefoxRest } = source;
  const firefox: Manifest = { ...firefoxRest, background: firefoxBackground };
  if ("web_accessible_resources" in firefox)
    firefox.web_accessible_resources = withoutDynamicUrls(firefox.web_accessible_resources);
  return { chromium: source, firefox };
}

async function bundle(outDir: string, target: string[]): Promise<void> {
  const entryPoints = Object.entries(ENTRIES).map(([out, input]) => ({
    out,
    in: join(ROOT, input),
  }));
  const missing = entryPoints.filter((entry) => !existsSync(entry.in));
  if (missing.length > 0)
    throw new Error(`missing entry points: ${missing.map((m) => relative(ROOT, m.in)).join(", ")}`);
  await esbuild.build({
    entryPoints,
    outdir: outDir,
    bundle: true,
    format: "iife",
    target,
    minify: false,
    sourcemap: false,
    legalComments: "none",
    logLevel: "warning",
  });
}

function copyStatic(outDir: string): void {
  const base = join(ROOT, "extension");
  for (const file of walk(base)) {
    if (!STATIC_FILE.test(file)) continue;
    const dest = join(outDir, relative(base, file));
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(file, dest);
  }
}

async function buildVariant(
  outDir: string,
  manifest: Manifest,
  target: string[],
  stamp: number,
): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await bundle(outDir, target);
  copyStatic(outDir);
  writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(`${outDir}${STAMP}`, String(stamp));
}

/** Build both variants; returns the Chromium folder. */
export async function buildExtension(): Promise<string> {
  const stamp = newestInputTime();
  const { chromium, firefox } = variantManifests();
  await buildVariant(CHROMIUM_DIR, chromium, ["chrome121"], stamp);
  await buildVariant(FIREFOX_DIR, firefox, ["firefox128"], stamp);
  return CHROMIUM_DIR;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildExtension().then(
    (dir) => console.log(`built ${relative(ROOT, dir)} and ${relative(ROOT, FIREFOX_DIR)}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
