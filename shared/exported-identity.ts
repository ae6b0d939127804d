/** An identity's key material as bytes: what a backup holds and what importIdentity reads. */
import { assertBytes } from "./bytes.ts";
import { check } from "./errors.ts";

/** The key material of an identity, for an encrypted backup only. */
export interface ExportedIdentity {
  signPkcs8: Uint8Array;
  encPkcs8: Uint8Array;
  signSpki: Uint8Array;
  encSpki: Uint8Array;
}

/** Check that every field is bytes, naming the first that is not (INVALID_ARGUMENT). */
export function assertExportedIdentity(exported: unknown): asserts exported is ExportedIdentity {
  check(typeof exported === "object" && exported !== null, "exported identity must be an object");
  const { signPkcs8, encPkcs8, signSpki, encSpki } = exported as Record<string, unknown>;
  assertBytes(signPkcs8, "signPkcs8");
  assertBytes(encPkcs8, "encPkcs8");
  assertBytes(signSpki, "signSpki");
  assertBytes(encSpki, "encSpki");
}
