/**
 * Open the group file, or create the group on the first start. A wrong password or a damaged
 * file stops here with a clear message, before anything listens and without writing the file.
 */
import { fromBase64Url } from "../../shared/bytes.ts";
import { importServerIdentity, type ServerIdentity } from "../../shared/server-identity.ts";
import type { ServerConfig } from "../config/options.ts";
import { obtainPassword, stdinPrompt } from "../config/password-source.ts";
import type { Logger } from "../log.ts";
import { appendLog } from "../state/group-model.ts";
import type { GroupState } from "../state/group-schema.ts";
import { newGroupState } from "../state/new-group.ts";
import { fileExists } from "../store/group-file.ts";
import { GroupStore } from "../store/group-store.ts";

export interface OpenedGroup {
  store: GroupStore;
  state: GroupState;
  identity: ServerIdentity;
  created: boolean;
}

export async function openGroup(
  config: ServerConfig,
  env: NodeJS.ProcessEnv,
  log: Logger,
): Promise<OpenedGroup> {
  const creating = !(await fileExists(config.dataFile));
  const password = await obtainPassword({
    passwordFile: config.passwordFile,
    env,
    creating,
    terminal: process.stdin.isTTY === true ? stdinPrompt : undefined,
    warn: (line) => log.warn(line),
  });
  let store: GroupStore;
  let state: GroupState;
  if (creating) {
    state = await newGroupState({ name: config.name, history: config.history });
    store = await GroupStore.create(config.dataFile, password, state);
    log.info("group created", { file: config.dataFile, name: state.name, history: state.history });
  } else {
    let notes: string[];
    ({ store, state, notes } = await GroupStore.open(config.dataFile, password));
    for (const note of notes) log.warn(note, { file: config.dataFile });
    log.info("group opened", {
      file: config.dataFile,
      members: state.members.length,
      epoch: state.epochs.length,
    });
    if (config.history && config.history !== state.history) {
      const text = `history policy ${state.history} → ${config.history}`;
      state = appendLog(
        { ...state, history: config.history },
        { at: Date.now(), event: "policy", text },
      );
      await store.save(state);
      log.info("history policy changed", { history: config.history });
    }
  }
  const identity = await importServerIdentity(
    fromBase64Url(state.server.pkcs8),
    fromBase64Url(state.server.spki),
  );
  return { store, state, identity, created: creating };
}
