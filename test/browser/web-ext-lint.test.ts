/**
 * Mozilla's add-on linter (web-ext lint) over both built folders: no errors, and no warnings for
 * the Firefox build. build/extension
 * is what Chromium loads, build/extension-firefox what Firefox loads.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import * as v from "valibot";
import { CHROMIUM_DIR, FIREFOX_DIR, ROOT } from "../../scripts/build-extension.ts";
import { ensureExtensionBuilt } from "./helpers/launch-chromium.ts";

const Finding = v.object({ code: v.string(), message: v.string(), file: v.optional(v.string()) });
const Report = v.object({ errors: v.array(Finding), warnings: v.array(Finding) });

function lint(dir: string): Promise<v.InferOutput<typeof Report>> {
  const bin = join(ROOT, "node_modules", "web-ext", "bin", "web-ext.js");
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [bin, "lint", "--source-dir", dir, "--output", "json", "--no-config-discovery"],
      { cwd: ROOT, maxBuffer: 16 << 20 },
      (_error, stdout) => {
        try {
          resolve(v.parse(Report, JSON.parse(stdout)));
        } catch (error) {
          reject(
            new Error(
              `web-ext lint gave no JSON report: ${String(error)}\n${stdout.slice(0, 2000)}`,
            ),
          );
        }
      },
    );
  });
}

test("web-ext lint reports no errors for the Chromium and Firefox builds", {
  timeout: 120_000,
}, async () => {
  await ensureExtensionBuilt();
  for (const dir of [CHROMIUM_DIR, FIREFOX_DIR]) {
    const report = await lint(dir);
    assert.deepEqual(
      report.errors.map((e) => `${e.code}: ${e.message} (${e.file ?? ""})`),
      [],
      `${dir} has lint errors`,
    );
  }
});

test("the Firefox build, which goes to addons.mozilla.org, has no linter warnings either", {
  timeout: 120_000,
}, async () => {
  await ensureExtensionBuilt();
  const report = await lint(FIREFOX_DIR);
  assert.deepEqual(
    report.warnings.map((w) => `${w.code}: ${w.message} (${w.file ?? ""})`),
    [],
  );
});
