/**
 * Rotation fan-out: one signature per rotation and one RSA-OAEP wrap per connected member.
 * Wraps were made ahead of the rotation (standby-key.ts), or run on the worker pool
 * (server/crypto/wrap-pool.ts) while the new epoch is saved; each rekey is sent once the save
 * is done and its wrap is ready, in slices (rekey-sender.ts). A member connected several times
 * gets one wrap, sent on each of its connections.
 */
import { toBase64Url } from "../../shared/bytes.ts";
import { wrapSessionKey } from "../../shared/key-delivery.ts";
import type { Rekey } from "../../shared/protocol/messages.ts";
import type { ServerIdentity } from "../../shared/server-identity.ts";
import { signStatement } from "../../shared/signed-statements.ts";
import type { WrapPool } from "../crypto/wrap-pool.ts";
import { wrapText } from "../crypto/wrapped-chunk.ts";
import type { EpochMaterial } from "./epoch-cache.ts";
import type { MemberLink } from "./links.ts";
import { RekeySender } from "./rekey-sender.ts";

export interface FanOutResult {
  notified: number;
  failed: number;
}

/** The rekey message up to its `wrapped` value, signed once for everyone. */
export async function rekeyHead(
  identity: ServerIdentity,
  material: EpochMaterial,
  previousEpoch: number,
): Promise<string> {
  const signature = await signStatement(identity.signPrivate, {
    purpose: "rekey",
    groupId: identity.groupId,
    epoch: material.epoch,
    previousEpoch,
    commitment: material.commitment,
  });
  const base: Omit<Rekey, "wrapped"> = {
    type: "rekey",
    groupId: identity.groupId,
    epoch: material.epoch,
    previousEpoch,
    commitment: material.commitmentB64,
    signature: toBase64Url(signature),
  };
  // The same message for everyone but `wrapped` (base64url: nothing to escape).
  return `${JSON.stringify(base).slice(0, -1)},"wrapped":"`;
}

/** A wrap made before the rotation (standby-key.ts's StandbyWrap): what the fan-out reads of it. */
export interface Prewrap {
  readonly encKey: string;
  wrapped(): Promise<string | undefined>;
}

export interface RekeyTarget {
  fingerprint: string;
  /** The member's encryption key, SPKI base64url, as recorded when it was approved. */
  encKey: string;
  /** The same key as imported by one of its connections (the fingerprint covers both keys). */
  encPublic: CryptoKey;
}

/**
 * One target per fingerprint of `links` whose encryption key `encKeyOf` knows (a member that
 * stays), with the key as its first connection imported it.
 */
export function rekeyTargets(
  links: Iterable<[string, MemberLink[]]>,
  encKeyOf: (fingerprintHex: string) => string | undefined,
): RekeyTarget[] {
  return [...links].flatMap(([fingerprint, [link]]) => {
    const encKey = encKeyOf(fingerprint);
    return encKey && link ? [{ fingerprint, encKey, encPublic: link.auth.encPublic }] : [];
  });
}

/** Every member's connections at the moment the new epoch was saved and announced. */
export type LinksAtSave = Map<string, MemberLink[]>;

/**
 * Wrap for every target at once, and send each rekey as soon as its wrap is ready and `saved`
 * has resolved (the new epoch is on disk and announced), to the member's connections at that
 * moment: wraps may run during the save, nothing leaves before it. A target's wrap comes from
 * `prewrapped` (wraps of `material.key` made before the rotation, standby-key.ts) when it has
 * one for the same encryption key, else from the worker pool when there is one, else (and for
 * any member these could not wrap) from WebCrypto. If `saved` rejects, nothing is sent.
 */
export async function sendRekeys(
  head: Promise<string>,
  material: EpochMaterial,
  targets: RekeyTarget[],
  pool: WrapPool | undefined,
  saved: Promise<LinksAtSave>,
  prewrapped: ReadonlyMap<string, Prewrap> = new Map(),
): Promise<FanOutResult> {
  let failed = 0;
  const sender = new RekeySender();
  let links: LinksAtSave | undefined;
  const send = (target: RekeyTarget, wrapped: string) => sender.push(target.fingerprint, wrapped);
  const gate = Promise.all([head, saved]).then(([prefix, atSave]) => {
    links = atSave;
    sender.open(prefix, atSave);
  });
  gate.catch(() => undefined); // handled below, after the wraps
  const viaWebCrypto = async (target: RekeyTarget) => {
    await gate;
    const link = links?.get(target.fingerprint)?.[0];
    if (!link) return;
    const wrapped = await wrapSessionKey(link.auth.encPublic, material.key).catch(() => undefined);
    if (wrapped) send(target, toBase64Url(wrapped));
    else failed++;
  };
  const pending: Promise<void>[] = [];
  const toWrap: RekeyTarget[] = [];
  for (const target of targets) {
    const made = prewrapped.get(target.fingerprint);
    if (made?.encKey !== target.encKey) toWrap.push(target);
    else
      pending.push(
        made.wrapped().then((wrapped) => (wrapped ? send(target, wrapped) : viaWebCrypto(target))),
      );
  }
  if (pool) {
    await pool.wrapAll(
      material.key,
      toWrap.map((t) => t.encPublic),
      (chunk) => {
        for (let i = 0; i < chunk.count; i++) {
          const target = toWrap[chunk.start + i]!;
          const wrapped = wrapText(chunk, i);
          if (wrapped) send(target, wrapped);
          else pending.push(viaWebCrypto(target));
        }
      },
    );
  } else {
    pending.push(...toWrap.map(viaWebCrypto));
  }
  try {
    await gate;
  } catch {
    await Promise.allSettled(pending);
    return { notified: 0, failed: 0 };
  }
  await Promise.all(pending);
  await sender.idle();
  return { notified: sender.notified, failed };
}
