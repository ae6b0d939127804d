/**
 * The group key server's command (`grypt-server`, `npm start`): options, --help, --version, then
 * startup/run-server.ts. Called by bin/grypt-server.ts, whatever path it was started from.
 */
import { toWireError } from "../shared/errors.ts";
import { PROTOCOL_VERSION } from "../shared/protocol/messages.ts";
import { GRYPT_VERSION } from "../shared/version.ts";
import { SERVER_HELP } from "./config/help.ts";
import { parseServerConfig } from "./config/options.ts";
import { runServer } from "./startup/run-server.ts";

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    const config = parseServerConfig(argv, env);
    if (config.help) {
      process.stdout.write(SERVER_HELP);
      return;
    }
    if (config.version) {
      process.stdout.write(`grypt-server ${GRYPT_VERSION} (protocol ${PROTOCOL_VERSION})\n`);
      return;
    }
    await runServer(config, env);
  } catch (error) {
    const wire = toWireError(error);
    process.stderr.write(`grypt-server: ${wire.message}\n`);
    process.exit(wire.code === "CANCELLED" ? 130 : 1);
  }
}
