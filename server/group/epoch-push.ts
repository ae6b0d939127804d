/**
 * Saving a new epoch and pushing it: the wraps for the members connected now start at once (or
 * were made ahead, for the standby key) and run during the save; nothing is sent before the
 * save is done and `announce` has run (a kick closes the removed member there). Then each rekey
 * goes to the member's connections as they are at that moment, and members admitted during the
 * save (their `keys` named the old epoch) get theirs too. A member connecting later gets the new
 * epoch in its `keys`.
 */
import type { ServerIdentity } from "../../shared/server-identity.ts";
import type { WrapPool } from "../crypto/wrap-pool.ts";
import type { EpochMaterial } from "./epoch-cache.ts";
import {
  type FanOutResult,
  type LinksAtSave,
  rekeyHead,
  rekeyTargets,
  sendRekeys,
} from "./fanout.ts";
import type { LinkRegistry, MemberLink } from "./links.ts";
import type { StandbyWrap } from "./standby-key.ts";

export interface EpochPush {
  identity: ServerIdentity;
  material: EpochMaterial;
  previousEpoch: number;
  /** Members of the new state: fingerprint → encryption key (SPKI base64url). */
  staying: Map<string, string>;
  members: LinkRegistry;
  pool: WrapPool | undefined;
  /** The rekey message up to its wrap, signed before the rotation (the standby key's); else signed here. */
  head?: Promise<string>;
  /** Wraps of `material.key` made before the rotation (the standby key's), by fingerprint. */
  prewrapped?: ReadonlyMap<string, StandbyWrap>;
  /** Save the new state durably (and commit it). */
  save: () => Promise<void>;
  announce: () => void;
}

export async function pushEpoch(push: EpochPush): Promise<FanOutResult> {
  const { material, staying } = push;
  const targetsOf = (links: Iterable<[string, MemberLink[]]>) =>
    rekeyTargets(links, (fp) => staying.get(fp));
  const targets = targetsOf(push.members.snapshot());
  const gate = openGate<LinksAtSave>();
  const head = push.head ?? rekeyHead(push.identity, material, push.previousEpoch);
  const pushing = sendRekeys(head, material, targets, push.pool, gate.opened, push.prewrapped);
  try {
    await push.save();
  } catch (error) {
    gate.fail(error);
    await pushing;
    throw error;
  }
  push.announce();
  const links: LinksAtSave = new Map(push.members.snapshot());
  gate.open(links);
  const wrapping = new Set(targets.map((t) => t.fingerprint));
  const late = targetsOf([...links].filter(([fp]) => !wrapping.has(fp)));
  const [result, lateResult] = await Promise.all([
    pushing,
    sendRekeys(head, material, late, push.pool, gate.opened, push.prewrapped),
  ]);
  await head; // a failed signature fails the rotation loudly (nothing was sent)
  return {
    notified: result.notified + lateResult.notified,
    failed: result.failed + lateResult.failed,
  };
}

/** A promise resolved (or rejected) from outside; a rejection nobody awaits is not unhandled. */
function openGate<T>(): {
  opened: Promise<T>;
  open: (value: T) => void;
  fail: (error: unknown) => void;
} {
  let open: (value: T) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const opened = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  opened.catch(() => undefined);
  return { opened, open, fail };
}
