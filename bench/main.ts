/**
 * `npm run bench`: prints this machine's figures. Parts can be picked by name:
 *   npm run bench -- crypto server feed startup agent
 * Figures are printed, never asserted: speed goals live here, not in the tests.
 */
import type { BenchRow } from "./bench-row.ts";
import { benchCliAgent } from "./cli-agent.ts";
import { benchFernet } from "./crypto-fernet.ts";
import { benchKeys } from "./crypto-keys.ts";
import { benchFeed } from "./extension-feed.ts";
import { benchServer } from "./server-fanout.ts";
import { benchStartup } from "./startup.ts";

const PARTS: Record<string, () => Promise<BenchRow[]>> = {
  crypto: async () => [...(await benchFernet()), ...(await benchKeys())],
  server: () => benchServer(),
  feed: () => benchFeed(),
  startup: () => benchStartup(),
  agent: () => benchCliAgent(),
};

function print(row: BenchRow): void {
  const rate = row.opsPerSec >= 100 ? row.opsPerSec.toFixed(0) : row.opsPerSec.toFixed(2);
  console.log(
    `  ${row.name.padEnd(56)} ${rate.padStart(10)} ops/s${row.note ? `  — ${row.note}` : ""}`,
  );
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in PARTS));
if (unknown.length > 0) {
  console.error(
    `unknown bench part(s): ${unknown.join(", ")}; choose from ${Object.keys(PARTS).join(", ")}`,
  );
  process.exit(2);
}
for (const [name, run] of Object.entries(PARTS)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`${name}:`);
  for (const row of await run()) print(row);
}
