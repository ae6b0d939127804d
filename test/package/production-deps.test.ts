/**
 * A production install (`npm install -g grypt`, `npm ci --omit=dev`) brings what the Node
 * programs import at run time and nothing else: ws and valibot. Test, build and type tools, the
 * extension's polyfill and the Draft.js fixture's React 18 are development packages.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../helpers/root.ts";
import { importEdges } from "./import-graph.ts";

const ALLOWED = ["valibot", "ws"];

interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  dependencies?: Record<string, string>;
  workspaces?: unknown;
};
const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, LockEntry>;
};

/** The lockfile folder npm resolves `name` to from `from` (a folder in the lock, "" for the root). */
function resolveIn(from: string, name: string): string | undefined {
  for (let dir = from; ; ) {
    const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
    if (candidate in lock.packages) return candidate;
    if (!dir) return undefined;
    const up = dir.lastIndexOf("/node_modules/");
    dir = up === -1 ? "" : dir.slice(0, up);
  }
}

/** Package names a production install brings: the root's dependencies and what they need. */
function productionTree(): string[] {
  const seen = new Set<string>();
  const visit = (from: string, entry: LockEntry) => {
    const needed = {
      ...entry.dependencies,
      ...entry.optionalDependencies,
      ...Object.fromEntries(
        Object.entries(entry.peerDependencies ?? {}).filter(
          ([name]) => !entry.peerDependenciesMeta?.[name]?.optional,
        ),
      ),
    };
    for (const name of Object.keys(needed)) {
      const at = resolveIn(from, name);
      assert.ok(at, `${name} (needed by ${from || "the root"}) is in package-lock.json`);
      if (seen.has(at)) continue;
      seen.add(at);
      visit(at, lock.packages[at]!);
    }
  };
  visit("", lock.packages[""]!);
  return [...seen].map((at) => at.slice(at.lastIndexOf("node_modules/") + 13)).sort();
}

test("package.json's dependencies are exactly what the Node programs run with", () => {
  assert.deepEqual(Object.keys(manifest.dependencies ?? {}).sort(), ALLOWED);
  assert.equal(manifest.workspaces, undefined, "a workspace's packages install in production too");
});

test("the production tree in package-lock.json holds only the allowed packages", () => {
  assert.deepEqual(productionTree(), ALLOWED);
});

test("every package the lockfile does not mark dev is allowed (npm ci --omit=dev installs those)", () => {
  // typescript is devOptional, not dev: valibot names it as an optional peer, and npm keeps
  // devOptional packages under --omit=dev alone; a consumer's install never fetches optional peers.
  const kept = Object.entries(lock.packages)
    .filter(([at, entry]) => at !== "" && !entry.dev && !entry.devOptional)
    .map(([at]) => at.slice(at.lastIndexOf("node_modules/") + 13))
    .sort();
  assert.deepEqual(kept, ALLOWED);
});

test("the Node programs import no package beyond the dependencies", () => {
  const packages = new Set(
    importEdges(["server", "cli", "node-only", "shared"])
      .map((edge) => edge.to)
      .filter((to) => !to.startsWith("node:") && !/^(server|cli|node-only|shared)\//.test(to))
      .map((to) =>
        (to.startsWith("@") ? to.split("/").slice(0, 2) : to.split("/").slice(0, 1)).join("/"),
      ),
  );
  assert.deepEqual([...packages].sort(), ALLOWED);
});
