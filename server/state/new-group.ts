/** The state of a freshly created group: a new server key, epoch 1, no members. */
import { randomBytes, toBase64Url } from "../../shared/bytes.ts";
import { SESSION_KEY_BYTES } from "../../shared/key-delivery.ts";
import { generateServerIdentity } from "../../shared/server-identity.ts";
import type { HistoryPolicy } from "../config/options.ts";
import type { GroupState } from "./group-schema.ts";

export const DEFAULT_GROUP_NAME = "grypt group";

export function newSessionKey(): string {
  return toBase64Url(randomBytes(SESSION_KEY_BYTES));
}

export async function newGroupState(options: {
  name?: string;
  history?: HistoryPolicy;
  now?: number;
}): Promise<GroupState> {
  const now = options.now ?? Date.now();
  const { identity, pkcs8 } = await generateServerIdentity();
  return {
    v: 1,
    name: options.name ?? DEFAULT_GROUP_NAME,
    history: options.history ?? "all",
    server: { pkcs8: toBase64Url(pkcs8), spki: toBase64Url(identity.spki) },
    epochs: [{ epoch: 1, key: newSessionKey(), created: now, reason: "group created" }],
    members: [],
    pending: [],
    denied: [],
    removed: [],
    log: [
      {
        at: now,
        event: "create",
        text: `group created, server fingerprint ${identity.fingerprintHex}`,
      },
    ],
    requestLog: [],
  };
}
