/** Field schemas shared by the protocol messages: sizes are checked here, at the boundary. */
import * as v from "valibot";
import { ERROR_CODES } from "../errors.ts";
import { hasUnsafeCharacters } from "../inert-text.ts";
import { RSA_CIPHERTEXT_BYTES } from "../webcrypto-params.ts";

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Unpadded base64url of exactly `bytes` bytes. */
export function b64Exact(bytes: number) {
  const length = Math.ceil((bytes * 4) / 3);
  return v.pipe(
    v.string(),
    v.length(length, `must be ${bytes} bytes of base64url`),
    v.regex(B64URL, "must be base64url"),
  );
}

/** Unpadded base64url of at most `bytes` bytes. */
export function b64Max(bytes: number) {
  const length = Math.ceil((bytes * 4) / 3);
  return v.pipe(
    v.string(),
    v.minLength(1, "must not be empty"),
    v.maxLength(length, `must be at most ${bytes} bytes of base64url`),
    v.regex(B64URL, "must be base64url"),
  );
}

export const GroupId = v.pipe(
  v.string(),
  v.regex(/^[0-9A-Za-z]{1,32}$/, "group id must be 1..32 letters or digits"),
);
export const Epoch = v.pipe(
  v.number(),
  v.integer("epoch must be an integer"),
  v.minValue(1),
  v.maxValue(2 ** 31 - 1),
);
export const HaveEpoch = v.pipe(
  v.number(),
  v.integer("epoch must be an integer"),
  v.minValue(0),
  v.maxValue(2 ** 31 - 1),
);
export const Fingerprint = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f]{64}$/, "fingerprint must be 64 lowercase hex digits"),
);
export const MAX_DISPLAY_NAME = 64;
export const MAX_GROUP_NAME = 100;

/**
 * The one character rule for names (display names, group names, the popup's name field): no
 * C0 or C1 controls, DEL, line or paragraph separators, bidi overrides or isolates — a name is
 * shown on other people's terminals and in logs (shared/inert-text.ts).
 */
export function nameCharacters(message: string) {
  return v.check((text: string) => !hasUnsafeCharacters(text), message);
}

/** Display names are chosen by members: never trusted, kept short and single-line. */
export const DisplayName = v.pipe(
  v.string(),
  v.minLength(1, "name must not be empty"),
  v.maxLength(MAX_DISPLAY_NAME, `name must be at most ${MAX_DISPLAY_NAME} characters`),
  nameCharacters("name must not contain control characters or bidi controls"),
);
export const GroupName = v.pipe(
  v.string(),
  v.maxLength(MAX_GROUP_NAME, `group name must be at most ${MAX_GROUP_NAME} characters`),
  nameCharacters("group name must not contain control characters or bidi controls"),
);

/**
 * A display name as files written before the character rule may hold it (C1 and bidi controls
 * were allowed then): such files still open, and the names are made inert on output.
 */
export const StoredDisplayName = v.pipe(
  v.string(),
  v.minLength(1, "name must not be empty"),
  v.maxLength(MAX_DISPLAY_NAME, `name must be at most ${MAX_DISPLAY_NAME} characters`),
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the rule of older files
  v.regex(/^[^\u0000-\u001f\u007f]*$/, "name must not contain control characters"),
);
/** A group name as older files may hold it (hellos had no character rule then). */
export const StoredGroupName = v.pipe(
  v.string(),
  v.maxLength(MAX_GROUP_NAME, `group name must be at most ${MAX_GROUP_NAME} characters`),
);

/** ECDSA P-256 SPKI is 91 bytes; leave room for other encodings of the same key type. */
export const SignKeySpki = b64Max(200);
/** RSA-3072 SPKI is 422 bytes. */
export const EncKeySpki = b64Max(700);
/** WebCrypto ECDSA P-256 signatures are r ‖ s, 64 bytes. */
export const Signature = b64Exact(64);
/** RSA-OAEP-3072 ciphertext. */
export const WrappedKey = b64Exact(RSA_CIPHERTEXT_BYTES);
/** SHA-256 commitment. */
export const Commitment = b64Exact(32);
export const Nonce = b64Exact(32);

export const ErrorCodeField = v.picklist(ERROR_CODES);
