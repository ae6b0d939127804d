/**
 * The member protocol (docs/protocol.md): JSON text frames over WebSocket, each a
 * discriminated union member on `type`. Schemas are the single definition; types are inferred.
 */
import * as v from "valibot";
import {
  Commitment,
  DisplayName,
  EncKeySpki,
  Epoch,
  ErrorCodeField,
  Fingerprint,
  GroupId,
  GroupName,
  HaveEpoch,
  Nonce,
  Signature,
  SignKeySpki,
  WrappedKey,
} from "./fields.ts";

/**
 * 2: the member adds its own nonce to `auth`, and the `keys` statement binds it and the group's
 * name (a hello and keys recorded on one connection no longer pass on another). Both sides
 * speak exactly one version: a server or member of another version is refused.
 */
export const PROTOCOL_VERSION = 2;
/** Largest frame a server accepts from a member (an auth is about 1.2 KB). */
export const MAX_CLIENT_FRAME = 8 * 1024;
/** Largest frame a member accepts from the server (a keys message for many epochs). */
export const MAX_SERVER_FRAME = 4 * 1024 * 1024;
/** Most epochs one keys message carries. */
export const MAX_KEYS_PER_MESSAGE = 5000;

// Server → member.
export const HelloSchema = v.strictObject({
  type: v.literal("hello"),
  version: v.number(),
  groupId: GroupId,
  groupName: GroupName,
  serverKey: SignKeySpki,
  nonce: Nonce,
});

export const EpochKeySchema = v.strictObject({
  epoch: Epoch,
  wrapped: WrappedKey,
  commitment: Commitment,
});

export const KeysSchema = v.strictObject({
  type: v.literal("keys"),
  groupId: GroupId,
  /** The group's current epoch. */
  epoch: Epoch,
  keys: v.pipe(v.array(EpochKeySchema), v.maxLength(MAX_KEYS_PER_MESSAGE)),
  signature: Signature,
});

export const PendingSchema = v.strictObject({
  type: v.literal("pending"),
  fingerprint: Fingerprint,
});
export const DeniedSchema = v.strictObject({ type: v.literal("denied") });

export const RekeySchema = v.strictObject({
  type: v.literal("rekey"),
  groupId: GroupId,
  epoch: Epoch,
  previousEpoch: Epoch,
  wrapped: WrappedKey,
  commitment: Commitment,
  signature: Signature,
});

export const RemovedSchema = v.strictObject({ type: v.literal("removed") });
export const PongSchema = v.strictObject({ type: v.literal("pong") });
export const ErrorSchema = v.strictObject({
  type: v.literal("error"),
  code: ErrorCodeField,
  message: v.pipe(v.string(), v.maxLength(500)),
});

// Member → server.
export const AuthSchema = v.strictObject({
  type: v.literal("auth"),
  signKey: SignKeySpki,
  encKey: EncKeySpki,
  name: DisplayName,
  haveEpoch: HaveEpoch,
  /** The member's fresh nonce: the server's `keys` on this connection are signed over it too. */
  clientNonce: Nonce,
  signature: Signature,
});
export const PingSchema = v.strictObject({ type: v.literal("ping") });

export const ServerMessageSchema = v.variant("type", [
  HelloSchema,
  KeysSchema,
  PendingSchema,
  DeniedSchema,
  RekeySchema,
  RemovedSchema,
  PongSchema,
  ErrorSchema,
]);
export const ClientMessageSchema = v.variant("type", [AuthSchema, PingSchema]);

export type Hello = v.InferOutput<typeof HelloSchema>;
export type EpochKey = v.InferOutput<typeof EpochKeySchema>;
export type Keys = v.InferOutput<typeof KeysSchema>;
export type Pending = v.InferOutput<typeof PendingSchema>;
export type Denied = v.InferOutput<typeof DeniedSchema>;
export type Rekey = v.InferOutput<typeof RekeySchema>;
export type Removed = v.InferOutput<typeof RemovedSchema>;
export type Pong = v.InferOutput<typeof PongSchema>;
export type ErrorMessage = v.InferOutput<typeof ErrorSchema>;
export type Auth = v.InferOutput<typeof AuthSchema>;
export type Ping = v.InferOutput<typeof PingSchema>;
export type ServerMessage = v.InferOutput<typeof ServerMessageSchema>;
export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;
