/**
 * Rotation fan-out: one signature per rotation and one RSA-OAEP wrap per connected member.
 * Wraps are issued all at once (WebCrypto runs them on libuv's threadpool) and may start while
 * the new epoch is being saved; nothing is sent before the save. A member connected several
 * times gets one wrap, sent on each of its connections.
 */
import { toBase64Url } from "../../shared/bytes.ts";
import { wrapSessionKey } from "../../shared/key-delivery.ts";
import type { Rekey } from "../../shared/protocol/messages.ts";
import type { ServerIdentity } from "../../shared/server-identity.ts";
import { signStatement } from "../../shared/signed-statements.ts";
import type { EpochMaterial } from "./epoch-cache.ts";
import type { MemberLink } from "./links.ts";

export interface FanOutResult {
  notified: number;
  failed: number;
}

/** Wraps started early, by fingerprint; a failed wrap resolves to undefined. */
export type Prewrapped = Map<string, Promise<Uint8Array | undefined>>;

export function startWraps(material: EpochMaterial, members: Array<[string, MemberLink[]]>): Prewrapped {
  const wraps: Prewrapped = new Map();
  for (const [fingerprint, links] of members) {
    const link = links[0];
    if (link) wraps.set(fingerprint, wrapSessionKey(link.auth.encPublic, material.key).catch(() => undefined));
  }
  return wraps;
}

/** The rekey message up to its `wrapped` value, signed once for everyone. */
export async function rekeyHead(identity: ServerIdentity, material: EpochMaterial, previousEpoch: number): Promise<string> {
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

/** Send to each member (links as they are now) as soon as its wrap is ready. */
export async function sendRekeys(
  head: string,
  material: EpochMaterial,
  members: Array<[string, MemberLink[]]>,
  prewrapped: Prewrapped,
): Promise<FanOutResult> {
  const result: FanOutResult = { notified: 0, failed: 0 };
  await Promise.all(
    members.map(async ([fingerprint, links]) => {
      const link = links[0];
      if (!link) return;
      const wrap =
        prewrapped.get(fingerprint) ?? wrapSessionKey(link.auth.encPublic, material.key).catch(() => undefined);
      const wrapped = await wrap;
      if (!wrapped) {
        result.failed++;
        return;
      }
      const text = `${head}${toBase64Url(wrapped)}"}`;
      for (const target of links) {
        if (!target.isOpen()) continue;
        target.sendText(text);
        result.notified++;
      }
    }),
  );
  return result;
}
