/**
 * `npm run package`: builds the extension, then zips one package per store into dist/:
 * grypt-chromium-<version>.zip (Chrome Web Store, Edge) and grypt-firefox-<version>.zip (AMO).
 * Zipping is web-ext's `build` (deterministic file list, no hidden files).
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildExtension, CHROMIUM_DIR, FIREFOX_DIR, ROOT } from "./build-extension.ts";

const DIST = join(ROOT, "dist");
const WEB_EXT = join(ROOT, "node_modules", "web-ext", "bin", "web-ext.js");

function zip(sourceDir: string, fileName: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = [
      WEB_EXT,
      "build",
      "--source-dir",
      sourceDir,
      "--artifacts-dir",
      DIST,
      "--filename",
      fileName,
      "--overwrite-dest",
    ];
    execFile(process.execPath, args, { cwd: ROOT }, (error, _stdout, stderr) => {
      if (error)
        reject(new Error(`web-ext build failed for ${sourceDir}: ${stderr || error.message}`));
      else resolve(join(DIST, fileName));
    });
  });
}

export async function packageExtension(): Promise<string[]> {
  await buildExtension();
  mkdirSync(DIST, { recursive: true });
  const { version } = JSON.parse(readFileSync(join(ROOT, "manifest.json"), "utf8")) as {
    version: string;
  };
  return [
    await zip(CHROMIUM_DIR, `grypt-chromium-${version}.zip`),
    await zip(FIREFOX_DIR, `grypt-firefox-${version}.zip`),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  packageExtension().then(
    (files) => console.log(files.map((file) => `packaged ${file}`).join("\n")),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
