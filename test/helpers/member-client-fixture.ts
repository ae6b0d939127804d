/** Builds member clients wired to a scripted server on a fake clock, recording what they report. */
import type { WireError } from "../../shared/errors.ts";
import { generateIdentity, type Identity } from "../../shared/identity.ts";
import type { EpochKeyBytes } from "../../shared/member-client/epoch-keyring.ts";
import {
  type GroupInfo,
  MemberClient,
  type MemberClientOptions,
} from "../../shared/member-client/member-client.ts";
import type { MemberState, MemberStatus } from "../../shared/member-client/member-status.ts";
import { FakeTimers } from "./fake-timers.ts";
import type { ScriptedServer } from "./scripted-server.ts";

export interface Recorded {
  client: MemberClient;
  timers: FakeTimers;
  statuses: MemberStatus[];
  errors: WireError[];
  keys: { info: GroupInfo; newKeys: EpochKeyBytes[]; currentEpoch: number }[];
  pinned: GroupInfo[];
}

export async function makeIdentity(): Promise<Identity> {
  return (await generateIdentity()).identity;
}

export function makeClient(
  server: ScriptedServer,
  identity: Identity,
  options: Partial<MemberClientOptions> = {},
): Recorded {
  const timers = new FakeTimers();
  const rec: Omit<Recorded, "client"> = { timers, statuses: [], errors: [], keys: [], pinned: [] };
  const client = new MemberClient({
    url: "ws://group.test/",
    identity,
    name: "Alice",
    pin: server.identity.fingerprintHex,
    connect: server.connect,
    timers,
    backoff: { initialMs: 1000, maxMs: 8000, jitter: 0 },
    onStatus: (s) => rec.statuses.push(s),
    onError: (e) => rec.errors.push(e),
    onKeys: (info, newKeys, currentEpoch) => {
      rec.keys.push({ info, newKeys, currentEpoch });
    },
    onPinned: (info) => {
      rec.pinned.push(info);
    },
    ...options,
  });
  return { client, ...rec };
}

/** Wait (real time, bounded; the timer keeps the test alive) until a status matches. */
export async function until(
  client: MemberClient,
  predicate: (s: MemberStatus) => boolean,
  ms = 15_000,
): Promise<MemberStatus> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await client.waitForStatus(predicate, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

/** Wait until the client reaches `state`. */
export function reach(
  client: MemberClient,
  state: MemberState,
  ms?: number,
): Promise<MemberStatus> {
  return until(client, (s) => s.state === state, ms);
}

/** Let pending socket deliveries and crypto settle. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

export function states(rec: { statuses: MemberStatus[] }): MemberState[] {
  return rec.statuses.map((s) => s.state);
}
