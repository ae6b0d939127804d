/**
 * Rotation fan-out: one signature per rotation and one RSA-OAEP wrap per connected member,
 * after the new epoch is saved. Wraps run on the worker pool (server/crypto/wrap-pool.ts) and
 * each rekey is sent as soon as its wrap is ready. A member connected several times gets one
 * wrap, sent on each of its connections.
 */
import { toBase64Url } from "../../shared/bytes.ts";
import { wrapSessionKey } from "../../shared/key-delivery.ts";
import type { Rekey } from "../../shared/protocol/messages.ts";
import type { ServerIdentity } from "../../shared/server-identity.ts";
import { signStatement } from "../../shared/signed-statements.ts";
import type { WrapPool } from "../crypto/wrap-pool.ts";
import type { EpochMaterial } from "./epoch-cache.ts";
import type { MemberLink } from "./links.ts";

export interface FanOutResult {
  notified: number;
  failed: number;
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

export interface RekeyTarget {
  /** The member's encryption key, SPKI base64url, as recorded when it was approved. */
  encKey: string;
  links: MemberLink[];
}

/**
 * Send to each member (links as they are now) as soon as its wrap is ready: from the worker
 * pool when there is one, else (and for any member the pool could not wrap) with WebCrypto.
 */
export async function sendRekeys(
  head: string,
  material: EpochMaterial,
  targets: RekeyTarget[],
  pool: WrapPool | undefined,
): Promise<FanOutResult> {
  const result: FanOutResult = { notified: 0, failed: 0 };
  const send = (target: RekeyTarget, wrapped: Uint8Array) => {
    const text = `${head}${toBase64Url(wrapped)}"}`;
    for (const link of target.links) {
      if (!link.isOpen()) continue;
      link.sendText(text);
      result.notified++;
    }
  };
  const viaWebCrypto = async (target: RekeyTarget) => {
    const link = target.links[0];
    const wrapped = link && (await wrapSessionKey(link.auth.encPublic, material.key).catch(() => undefined));
    if (wrapped) send(target, wrapped);
    else result.failed++;
  };
  const fallbacks: Promise<void>[] = [];
  if (pool) {
    await pool.wrapAll(material.key, targets.map((t) => t.encKey), (index, wrapped) => {
      const target = targets[index]!;
      if (wrapped) send(target, wrapped);
      else fallbacks.push(viaWebCrypto(target));
    });
  } else {
    fallbacks.push(...targets.map(viaWebCrypto));
  }
  await Promise.all(fallbacks);
  return result;
}
