/**
 * `npm start` in a clone whose path has a space and non-ASCII letters starts the server (it once
 * compared import.meta.url with file://argv[1], and exited 0 having started nothing). The clone
 * is the Node programs' sources copied there, with this clone's node_modules.
 */
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ROOT } from "../helpers/root.ts";
import { startListening } from "./listening-server.ts";

const TOP = mkdtempSync(join(tmpdir(), "grypt-start-"));
const CLONE = join(TOP, "My Prøjects grypt");

after(() => rmSync(TOP, { recursive: true, force: true }));

test("npm start listens from a clone under a path with a space and non-ASCII letters", async () => {
  mkdirSync(CLONE);
  for (const part of ["package.json", "server", "shared", "node-only"])
    cpSync(join(ROOT, part), join(CLONE, part), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(CLONE, "node_modules"));
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_")),
  );
  const dataFile = join(CLONE, "group file.grypt");
  const server = await startListening("npm", ["start", "--"], { cwd: CLONE, dataFile, env });
  assert.match(server.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
  await server.stop(); // npm itself ends by the signal, so its exit code says nothing here
  assert.ok(existsSync(dataFile));
});
