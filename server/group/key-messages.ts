/**
 * The `keys` message for one member on one connection: each epoch it may hold and lacks, wrapped
 * to its RSA key (all wraps issued at once: WebCrypto runs them on libuv's threadpool), and one
 * server signature binding this connection's two nonces (the hello's and the member's), the
 * group's name as the hello gave it, the member and every commitment.
 */
import { toBase64Url } from "../../shared/bytes.ts";
import { wrapSessionKey } from "../../shared/key-delivery.ts";
import { type Keys, MAX_KEYS_PER_MESSAGE } from "../../shared/protocol/messages.ts";
import type { ServerIdentity } from "../../shared/server-identity.ts";
import { signStatement } from "../../shared/signed-statements.ts";
import { epochsFor } from "../state/group-model.ts";
import { currentEpoch, type GroupState, type MemberRecord } from "../state/group-schema.ts";
import type { EpochCache } from "./epoch-cache.ts";
import type { MemberLink } from "./links.ts";

export async function buildKeysMessage(
  identity: ServerIdentity,
  epochs: EpochCache,
  state: GroupState,
  member: MemberRecord,
  link: MemberLink,
): Promise<Keys> {
  const records = epochsFor(state, member, link.auth.haveEpoch, MAX_KEYS_PER_MESSAGE);
  const materials = await Promise.all(records.map((r) => epochs.get(r)));
  const wrapped = await Promise.all(
    materials.map((m) => wrapSessionKey(link.auth.encPublic, m.key)),
  );
  const epoch = currentEpoch(state).epoch;
  const signature = await signStatement(identity.signPrivate, {
    purpose: "keys",
    nonce: link.nonce,
    clientNonce: link.auth.clientNonce,
    groupId: identity.groupId,
    groupName: state.name,
    memberFingerprint: link.auth.fingerprint,
    epoch,
    keys: materials.map((m) => ({ epoch: m.epoch, commitment: m.commitment })),
  });
  return {
    type: "keys",
    groupId: identity.groupId,
    epoch,
    keys: materials.map((m, i) => ({
      epoch: m.epoch,
      wrapped: toBase64Url(wrapped[i]!),
      commitment: m.commitmentB64,
    })),
    signature: toBase64Url(signature),
  };
}
