/**
 * The member's checks, one per server message: the hello (group id derived from the server key),
 * the auth it answers with, and the keys / rekey deliveries (signature, commitments, unwrap).
 * Each function either returns verified data or throws a GryptError; nothing unverified leaks.
 */
import { constantTimeEqual, fromBase64Url, randomBytes, toBase64Url } from "../bytes.ts";
import { GryptError } from "../errors.ts";
import type { Identity } from "../identity.ts";
import { unwrapSessionKey, verifySessionKeyCommitment } from "../key-delivery.ts";
import type { Auth, Hello, Keys, Rekey } from "../protocol/messages.ts";
import { PROTOCOL_VERSION } from "../protocol/messages.ts";
import { importServerPublicKey } from "../server-identity.ts";
import { STATEMENT_NONCE_BYTES, signStatement, verifyStatement } from "../signed-statements.ts";
import type { EpochKeyBytes } from "./epoch-keyring.ts";

/** What a verified hello tells about the server, kept for the rest of the connection. */
export interface ServerSession {
  groupId: string;
  groupName: string;
  fingerprint: Uint8Array;
  fingerprintHex: string;
  key: CryptoKey;
  /** This connection's nonce from the server's hello: keys messages must be signed over it. */
  nonce: Uint8Array;
  /** Ours, fresh for this connection, sent in auth: keys messages must be signed over it too. */
  clientNonce: Uint8Array;
}

export interface VerifiedKeys {
  /** The group's current epoch. */
  epoch: number;
  keys: EpochKeyBytes[];
}

/** Check the hello: protocol version and that the group id is the one the server key yields. */
export async function checkHello(hello: Hello): Promise<ServerSession> {
  if (hello.version !== PROTOCOL_VERSION) {
    throw new GryptError(
      "PROTOCOL_VERSION",
      `server speaks protocol version ${hello.version}, this client ${PROTOCOL_VERSION}`,
    );
  }
  const spki = fromBase64Url(hello.serverKey);
  const server = await importServerPublicKey(spki);
  if (server.groupId !== hello.groupId) {
    throw new GryptError(
      "SERVER_KEY_MISMATCH",
      `server claims group ${hello.groupId} but its key belongs to group ${server.groupId}`,
    );
  }
  return {
    groupId: hello.groupId,
    groupName: hello.groupName,
    fingerprint: server.fingerprint,
    fingerprintHex: server.fingerprintHex,
    key: server.key,
    nonce: fromBase64Url(hello.nonce),
    clientNonce: randomBytes(STATEMENT_NONCE_BYTES),
  };
}

/** The auth message: our public keys, our nonce, and a signature binding both nonces. */
export async function buildAuth(
  identity: Identity,
  name: string,
  haveEpoch: number,
  server: ServerSession,
): Promise<Auth> {
  const signature = await signStatement(identity.signPrivate, {
    purpose: "auth",
    nonce: server.nonce,
    clientNonce: server.clientNonce,
    groupId: server.groupId,
    serverFingerprint: server.fingerprint,
    memberFingerprint: identity.public.fingerprint,
  });
  return {
    type: "auth",
    signKey: toBase64Url(identity.public.signSpki),
    encKey: toBase64Url(identity.public.encSpki),
    name,
    haveEpoch,
    clientNonce: toBase64Url(server.clientNonce),
    signature: toBase64Url(signature),
  };
}

function checkGroup(server: ServerSession, groupId: string, what: string): void {
  if (groupId !== server.groupId) {
    throw new GryptError(
      "MESSAGE_INVALID",
      `${what} names group ${groupId}, this connection is to group ${server.groupId}`,
    );
  }
}

async function openKey(
  identity: Identity,
  groupId: string,
  epoch: number,
  wrapped: string,
  commitment: string,
): Promise<Uint8Array> {
  const key = await unwrapSessionKey(identity.encPrivate, fromBase64Url(wrapped));
  await verifySessionKeyCommitment(groupId, epoch, key, fromBase64Url(commitment));
  return key;
}

/**
 * Verify a keys message against THIS connection's nonces (the server's and ours) and the group
 * name its hello gave, then unwrap and check every key. A hello and keys recorded on another
 * connection fail here: our nonce is new.
 */
export async function openKeys(
  message: Keys,
  server: ServerSession,
  identity: Identity,
): Promise<VerifiedKeys> {
  checkGroup(server, message.groupId, "keys message");
  const seen = new Set<number>();
  for (const entry of message.keys) {
    if (entry.epoch > message.epoch) {
      throw new GryptError(
        "MESSAGE_INVALID",
        `keys message holds epoch ${entry.epoch}, above the current epoch ${message.epoch}`,
      );
    }
    if (seen.has(entry.epoch))
      throw new GryptError("MESSAGE_INVALID", `keys message holds epoch ${entry.epoch} twice`);
    seen.add(entry.epoch);
  }
  await verifyStatement(
    server.key,
    {
      purpose: "keys",
      nonce: server.nonce,
      clientNonce: server.clientNonce,
      groupId: server.groupId,
      groupName: server.groupName,
      memberFingerprint: identity.public.fingerprint,
      epoch: message.epoch,
      keys: message.keys.map((k) => ({ epoch: k.epoch, commitment: fromBase64Url(k.commitment) })),
    },
    fromBase64Url(message.signature),
  );
  const keys: EpochKeyBytes[] = [];
  for (const entry of message.keys) {
    keys.push({
      epoch: entry.epoch,
      key: await openKey(identity, server.groupId, entry.epoch, entry.wrapped, entry.commitment),
    });
  }
  return { epoch: message.epoch, keys };
}

/** Verify a rekey (one signature per rotation), then unwrap and check its key. */
export async function openRekey(
  message: Rekey,
  server: ServerSession,
  identity: Identity,
): Promise<EpochKeyBytes> {
  checkGroup(server, message.groupId, "rekey message");
  if (message.previousEpoch >= message.epoch) {
    throw new GryptError(
      "MESSAGE_INVALID",
      `rekey to epoch ${message.epoch} from epoch ${message.previousEpoch} does not go forward`,
    );
  }
  await verifyStatement(
    server.key,
    {
      purpose: "rekey",
      groupId: server.groupId,
      epoch: message.epoch,
      previousEpoch: message.previousEpoch,
      commitment: fromBase64Url(message.commitment),
    },
    fromBase64Url(message.signature),
  );
  return {
    epoch: message.epoch,
    key: await openKey(
      identity,
      server.groupId,
      message.epoch,
      message.wrapped,
      message.commitment,
    ),
  };
}

/** Whether the presented fingerprint equals the pinned one (hex, compared in constant time). */
export function matchesPin(pinHex: string, server: ServerSession): boolean {
  const presented = server.fingerprintHex;
  if (pinHex.length !== presented.length) return false;
  return constantTimeEqual(new TextEncoder().encode(pinHex), new TextEncoder().encode(presented));
}
