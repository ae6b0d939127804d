/**
 * The identity backup format: JSON `{v: 1, type: "grypt-identity", signPkcs8, encPkcs8,
 * signSpki, encSpki}` with unpadded base64url fields. It holds private keys: store it only
 * inside a vault. parseIdentity checks shape and encoding; importIdentity checks the keys.
 */
import * as v from "valibot";
import { fromBase64Url, toBase64Url } from "./bytes.ts";
import { GryptError } from "./errors.ts";
import { assertExportedIdentity, type ExportedIdentity } from "./exported-identity.ts";
import { b64Max } from "./protocol/fields.ts";
import {
  MAX_ENC_PKCS8_BYTES,
  MAX_ENC_SPKI_BYTES,
  MAX_SIGN_PKCS8_BYTES,
  MAX_SIGN_SPKI_BYTES,
} from "./webcrypto-params.ts";

export const IDENTITY_BACKUP_VERSION = 1;
/** Longer than any valid backup (about 3.2 KB); longer text is refused before JSON.parse. */
const MAX_BACKUP_CHARS = 16 * 1024;

const BackupSchema = v.strictObject({
  v: v.literal(IDENTITY_BACKUP_VERSION, "unsupported identity backup version"),
  type: v.literal("grypt-identity", "not a grypt identity backup"),
  signPkcs8: b64Max(MAX_SIGN_PKCS8_BYTES),
  encPkcs8: b64Max(MAX_ENC_PKCS8_BYTES),
  signSpki: b64Max(MAX_SIGN_SPKI_BYTES),
  encSpki: b64Max(MAX_ENC_SPKI_BYTES),
});

export function serializeIdentity(exported: ExportedIdentity): string {
  assertExportedIdentity(exported);
  const { signPkcs8, encPkcs8, signSpki, encSpki } = exported;
  return JSON.stringify({
    v: IDENTITY_BACKUP_VERSION,
    type: "grypt-identity",
    signPkcs8: toBase64Url(signPkcs8),
    encPkcs8: toBase64Url(encPkcs8),
    signSpki: toBase64Url(signSpki),
    encSpki: toBase64Url(encSpki),
  });
}

function invalid(detail: string): GryptError {
  return new GryptError("INVALID_KEY", `identity backup is invalid: ${detail}`);
}

function decodeField(text: string, field: string): Uint8Array {
  try {
    return fromBase64Url(text);
  } catch {
    throw invalid(`${field} is not valid base64url`);
  }
}

/** Parse a backup (JSON text, or the already-parsed object); INVALID_KEY with the reason. */
export function parseIdentity(data: unknown): ExportedIdentity {
  let value = data;
  if (typeof data === "string") {
    if (data.length > MAX_BACKUP_CHARS) throw invalid(`longer than ${MAX_BACKUP_CHARS} characters`);
    try {
      value = JSON.parse(data);
    } catch {
      throw invalid("not JSON");
    }
  }
  const result = v.safeParse(BackupSchema, value);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join(".") ?? "";
    throw invalid(`${path ? `${path}: ` : ""}${issue.message}`.slice(0, 200));
  }
  const backup = result.output;
  return {
    signPkcs8: decodeField(backup.signPkcs8, "signPkcs8"),
    encPkcs8: decodeField(backup.encPkcs8, "encPkcs8"),
    signSpki: decodeField(backup.signSpki, "signSpki"),
    encSpki: decodeField(backup.encSpki, "encSpki"),
  };
}
