#!/usr/bin/env -S node --import tsx
/** grypt: the member's command line (init, join, status, encrypt, decrypt). Wires only. */
import { runMemberCli } from "../cli-main.ts";
import { EXIT } from "../exit-codes.ts";
import { processIo } from "../process-io.ts";

const interrupt = new AbortController();
process.on("SIGINT", () => {
  if (interrupt.signal.aborted) process.exit(EXIT.INTERRUPTED);
  interrupt.abort();
  // Commands that wait stop on the signal; anything else ends here shortly.
  setTimeout(() => process.exit(EXIT.INTERRUPTED), 2000).unref();
});
process.exitCode = await runMemberCli(
  process.argv.slice(2),
  process.env,
  processIo,
  interrupt.signal,
);
