// Runs every test file under test/ with Node's test runner (Node 20 has no --test globs).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "data" || name === "fixtures") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const filter = process.argv.slice(2);
const files = find("test")
  .filter((f) => filter.length === 0 || filter.some((part) => f.includes(part)))
  .sort();
// --test-force-exit: a file whose tests are done ends even if a failed test left a handle open
// (a server, a socket); --test-timeout: no single test can hang a CI run.
const flags = ["--test", "--test-concurrency=2", "--test-force-exit", "--test-timeout=600000"];
const result = spawnSync(process.execPath, ["--import", "tsx", ...flags, ...files], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
