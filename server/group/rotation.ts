/**
 * A rotation: a new epoch whose key is the standby key when one is ready (standby-key.ts: its
 * wraps and its signed rekey head made ahead), else a fresh one; saved, then pushed to every
 * connected member (epoch-push.ts); then logged with its timings. The group service runs it in
 * its change queue.
 */
import type { ServerIdentity } from "../../shared/server-identity.ts";
import type { WrapPool } from "../crypto/wrap-pool.ts";
import type { Logger } from "../log.ts";
import * as model from "../state/group-model.ts";
import { currentEpoch, type GroupState, type MemberRecord } from "../state/group-schema.ts";
import { newSessionKey } from "../state/new-group.ts";
import type { EpochCache } from "./epoch-cache.ts";
import { pushEpoch } from "./epoch-push.ts";
import { type FanOutResult, type RekeyTarget, rekeyTargets } from "./fanout.ts";
import type { LinkRegistry } from "./links.ts";
import type { StandbyKey } from "./standby-key.ts";

export interface RotationContext {
  identity: ServerIdentity;
  members: LinkRegistry;
  /** Worker threads for the fan-out's wraps (WebCrypto on the main thread without them). */
  pool: WrapPool | undefined;
  standby: StandbyKey | undefined;
  epochs: EpochCache;
  log: Logger;
  state: () => GroupState;
  /** Save, then commit. */
  commit: (state: GroupState) => Promise<void>;
}

/**
 * `change` runs on the state first (a kick removes the member there), given the rotation's time
 * so what it logs sorts before the rotation's own entry; `announce` runs right
 * after the save, before the push (the wraps run during the save, nothing is sent before it).
 */
export async function rotate(
  context: RotationContext,
  reason: string,
  change: (state: GroupState, now: number) => GroupState,
  announce: () => void,
): Promise<{ epoch: number; result: FanOutResult }> {
  const now = Date.now();
  const state = context.state();
  const previous = currentEpoch(state).epoch;
  const standby = context.standby?.take(previous + 1);
  const madeAhead = standby ? [...standby.wraps.values()].filter((w) => w.made()).length : 0;
  const rotated = model.rotate(change(state, now), standby?.key ?? newSessionKey(), reason, now);
  const next = model.appendLog(rotated.state, {
    at: now,
    event: "rotate",
    text: `epoch ${rotated.epoch.epoch} (${reason})`,
  });
  const material = await context.epochs.get(rotated.epoch);
  const started = performance.now();
  let saved = started;
  const pushing = pushEpoch({
    identity: context.identity,
    material,
    previousEpoch: previous,
    staying: new Map(next.members.map((m) => [m.fingerprint, m.encKey])),
    members: context.members,
    pool: context.pool,
    ...(standby && { head: standby.head, prewrapped: standby.wraps }),
    save: () => context.commit(next),
    announce: () => {
      saved = performance.now();
      announce();
    },
  });
  const result = await pushing.finally(() => context.standby?.schedule());
  const done = performance.now();
  context.log.info("rotated", {
    epoch: rotated.epoch.epoch,
    reason,
    notified: result.notified,
    prewrapped: madeAhead,
    wrappingAhead: (standby?.wraps.size ?? 0) - madeAhead || undefined,
    saveMs: (saved - started).toFixed(1),
    pushMs: (done - saved).toFixed(1),
    ms: (done - started).toFixed(1),
  });
  return { epoch: rotated.epoch.epoch, result };
}

/** What a rotation now would make, for the standby key: the next epoch, for the members connected now. */
export function nextTargets(
  state: GroupState,
  members: LinkRegistry,
  member: (fingerprintHex: string) => MemberRecord | undefined,
): { epoch: number; targets: RekeyTarget[] } {
  return {
    epoch: currentEpoch(state).epoch + 1,
    targets: rekeyTargets(members.snapshot(), (fp) => member(fp)?.encKey),
  };
}
