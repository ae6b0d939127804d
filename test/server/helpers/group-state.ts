/** Small group states for the pure model tests: fake keys, fingerprints 0…01, 0…02, … */
import type { GroupState, PendingRecord } from "../../../server/state/group-schema.ts";

export const fp = (n: number) => n.toString(16).padStart(64, "0");
export const KEY = "A".repeat(43);

export function emptyState(): GroupState {
  return {
    v: 1,
    name: "g",
    history: "all",
    server: { pkcs8: "AAAA", spki: "AAAA" },
    epochs: [{ epoch: 1, key: KEY, created: 0, reason: "created" }],
    members: [],
    pending: [],
    denied: [],
    removed: [],
    log: [],
    requestLog: [],
  };
}

export function request(n: number, address = "10.0.0.1", at = n): PendingRecord {
  return {
    fingerprint: fp(n),
    signKey: "AAAA",
    encKey: "AAAA",
    name: `m${n}`,
    address,
    requestedAt: at,
  };
}
