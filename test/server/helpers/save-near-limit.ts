/**
 * A child process for the short-write test, run under a file size limit (prlimit --fsize): opens
 * the group file given as argv[2] and saves two changes, a large one that crosses the limit and a
 * small one, printing `saved <event>` or `refused <event>: <code>: <message>` for each.
 */

import { appendLog } from "../../../server/state/group-model.ts";
import { GroupStore } from "../../../server/store/group-store.ts";
import { toWireError } from "../../../shared/errors.ts";

const [path = "", password = ""] = process.argv.slice(2);
let { store, state } = await GroupStore.open(path, password);
for (const [event, text] of [
  ["large", "A".repeat(400)],
  ["small", "a"],
] as const) {
  state = appendLog(state, { at: Date.now(), event, text });
  try {
    await store.save(state);
    process.stdout.write(`saved ${event}\n`);
  } catch (error) {
    process.stdout.write(
      `refused ${event}: ${toWireError(error).code}: ${toWireError(error).message}\n`,
    );
  }
}
