/**
 * The user.js preferences a test Firefox starts with, and the moz-extension UUID preset: Firefox
 * names each extension's pages moz-extension://<uuid>/ with a random per-profile UUID, read from
 * the `extensions.webextensions.uuids` pref ({"<gecko id>": "<uuid>"}) when it holds one, so
 * writing it before start gives every extension a known host.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import type { PrefValue } from "./firefox-process.ts";

export const DEFAULT_PREFS: Record<string, PrefValue> = {
  // permissions.request() resolves at once (granted) instead of showing a doorhanger prompt;
  // it still demands a real user gesture (see firefox-input.ts).
  "extensions.webextOptionalPermissionPrompts": false,
  // MV3 host_permissions are granted on install, as for a user who accepted the install prompt.
  "extensions.originControls.grantByDefault": true,
  // Console output of extension pages (background included) and chrome goes to stdout, which
  // the harness keeps for failure messages: BiDi's log events cover web pages only.
  "devtools.console.stdout.chrome": true,
  "devtools.console.stdout.content": true,
  "browser.shell.checkDefaultBrowser": false,
  "browser.aboutwelcome.enabled": false,
  "datareporting.policy.dataSubmissionEnabled": false,
};

const GeckoManifest = v.looseObject({
  browser_specific_settings: v.optional(
    v.looseObject({ gecko: v.optional(v.looseObject({ id: v.optional(v.string()) })) }),
  ),
});

/** The gecko id in an unpacked extension's manifest.json, if it names one. */
export function geckoId(dir: string): string | undefined {
  const manifest = v.parse(
    GeckoManifest,
    JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")),
  );
  return manifest.browser_specific_settings?.gecko?.id;
}

/** A fresh UUID for every extension folder that names its gecko id. */
export function presetUuids(dirs: readonly string[]): Record<string, string> {
  const uuids: Record<string, string> = {};
  for (const dir of dirs) {
    const id = geckoId(dir);
    if (id !== undefined) uuids[id] = randomUUID();
  }
  return uuids;
}
