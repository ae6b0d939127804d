/**
 * Bundles the Node programs to JavaScript with esbuild, into dist/node/: the three commands
 * (grypt-server, grypt-admin, grypt) and the wrap pool's worker, which the server starts from
 * beside itself (server/crypto/start-wrap-worker.ts). Packages (ws, valibot) stay imports, so
 * they are the package's dependencies; shared code goes into chunks the commands share.
 * `npm run build:node`, and `npm pack` (prepack) before it packs dist/node/.
 */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const NODE_DIST = join(ROOT, "dist", "node");

/** Output name (dist/node/<name>.js) → source entry. */
export const NODE_ENTRIES: Record<string, string> = {
  "grypt-server": "server/bin/grypt-server.ts",
  "grypt-admin": "server/bin/grypt-admin.ts",
  grypt: "cli/bin/grypt.ts",
  "rsa-wrap-worker": "server/crypto/rsa-wrap-worker.ts",
};
const COMMANDS = new Set(["grypt-server", "grypt-admin", "grypt"]);
/** The source entries' first line runs them under tsx; the built ones need plain Node. */
const SOURCE_HASHBANG = /^#!.*\n/;
const HASHBANG = "#!/usr/bin/env node\n";

/**
 * Build `outDir` (dist/node/) afresh from `entries` (output name → source, root-relative);
 * returns the files written, relative to the root.
 */
export async function buildNode(
  outDir = NODE_DIST,
  entries: Record<string, string> = NODE_ENTRIES,
): Promise<string[]> {
  rmSync(outDir, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: Object.entries(entries).map(([out, input]) => ({ out, in: join(ROOT, input) })),
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20.11",
    packages: "external",
    // Chunks beside the entries: whichever file holds the wrap pool finds the worker beside it.
    chunkNames: "[name]-[hash]",
    legalComments: "none",
    logLevel: "warning",
    write: false,
  });
  const written: string[] = [];
  for (const file of result.outputFiles) {
    const name = relative(outDir, file.path).replace(/\.js$/, "");
    const command = COMMANDS.has(name);
    const text = command ? HASHBANG + file.text.replace(SOURCE_HASHBANG, "") : file.text;
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, text);
    if (command) chmodSync(file.path, 0o755);
    written.push(relative(ROOT, file.path));
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildNode().then(
    (files) => console.log(`built ${files.length} files into ${relative(ROOT, NODE_DIST)}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
