/**
 * The package as a user gets it: `npm pack` (its prepack builds dist/node/), then
 * `npm install -g` of the tarball into a fresh prefix whose path has a space and non-ASCII
 * letters, run with a PATH that holds only Node. The three commands answer, a server starts and
 * stops, and the built wrap pool starts its built worker.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { buildNode, NODE_ENTRIES } from "../../scripts/build-node.ts";
import { ROOT } from "../helpers/root.ts";
import { startListening } from "./listening-server.ts";

const TOP = mkdtempSync(join(tmpdir(), "grypt-package-"));
const PREFIX = join(TOP, "My Prøjects grypt");
const BIN = join(PREFIX, "bin");
const INSTALLED = join(PREFIX, "lib", "node_modules", "grypt");
/** Node and the system's basic tools: no tsx, typescript or npm packages from this clone. */
const PATH = [dirname(process.execPath), "/usr/bin", "/bin"].join(":");

/** The environment without npm's per-run settings (npm test sets npm_config_* for this project). */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_")),
  );
  return { ...env, ...extra };
}

function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: options.cwd ?? TOP, env: options.env ?? cleanEnv(), timeout: 300_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${command} ${args.join(" ")}: ${error.message}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}

interface PackResult {
  filename: string;
  files: { path: string }[];
}

let packed: PackResult;

before(async () => {
  mkdirSync(PREFIX, { recursive: true });
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", TOP], { cwd: ROOT });
  // npm prints the prepack script's output before the JSON on some versions.
  packed = (JSON.parse(stdout.slice(stdout.indexOf("["))) as PackResult[])[0]!;
  await run("npm", [
    "install",
    "--global",
    "--prefix",
    PREFIX,
    "--prefer-offline",
    "--no-audit",
    "--no-fund",
    join(TOP, packed.filename),
  ]);
});

after(() => rmSync(TOP, { recursive: true, force: true }));

test("the tarball holds the built programs, package.json, the README and the docs it links", () => {
  const paths = packed.files.map((file) => file.path).sort();
  const others = paths.filter((path) => !path.startsWith("dist/node/"));
  assert.deepEqual(others, [
    "README.md",
    "docs/design.md",
    "docs/errors.md",
    "docs/protocol.md",
    "package.json",
  ]);
  for (const name of ["grypt-server", "grypt-admin", "grypt", "rsa-wrap-worker"])
    assert.ok(paths.includes(`dist/node/${name}.js`), `dist/node/${name}.js is packed`);
  assert.deepEqual(
    paths.filter((path) => !path.endsWith(".js") && path.startsWith("dist/")),
    [],
    "no TypeScript, maps or extension zips",
  );
});

test("the install brings ws and valibot, and no TypeScript toolchain", () => {
  assert.deepEqual(readdirSync(join(INSTALLED, "node_modules")).sort(), ["valibot", "ws"]);
});

test("the installed commands answer --help and --version with only Node on the PATH", async () => {
  const env = cleanEnv({ PATH });
  const server = await run(join(BIN, "grypt-server"), ["--help"], { env });
  assert.match(server.stdout, /^grypt-server: the group key server/);
  const admin = await run(join(BIN, "grypt-admin"), ["--version"], { env });
  assert.match(admin.stdout, /^grypt-admin \d+\.\d+\.\d+/);
  const member = await run(join(BIN, "grypt"), ["--help"], { env });
  assert.match(member.stdout, /^grypt: encrypt and decrypt posts/);
});

test("the installed server starts from a path with a space and non-ASCII letters, and stops", async () => {
  const server = await startListening(join(BIN, "grypt-server"), [], {
    cwd: TOP,
    dataFile: join(PREFIX, "group file.grypt"),
    env: cleanEnv({ PATH }),
  });
  assert.match(server.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(await server.stop(), 0);
  assert.ok(existsSync(join(PREFIX, "group file.grypt")));
});

test("the built wrap pool starts its built worker, which wraps with plain Node", async () => {
  // Beside the clone's node_modules (for ws and valibot), under a path like the installed one's.
  const outDir = join(ROOT, "build", "wrap-probe", "Prøbe dir");
  try {
    await buildNode(outDir, { ...NODE_ENTRIES, "wrap-probe": "test/package/wrap-probe.ts" });
    const { stdout } = await run(process.execPath, [join(outDir, "wrap-probe.js")]);
    assert.deepEqual(JSON.parse(stdout), { wrapped: 3, unwrapsTo: true });
  } finally {
    rmSync(join(ROOT, "build", "wrap-probe"), { recursive: true, force: true });
  }
});
