/**
 * What the member's vault holds (the password-encrypted file in storage.local, which is also the
 * key backup): the identity's private keys and the member's display name.
 */
import * as v from "valibot";
import { utf8Decode, utf8Encode } from "../../shared/bytes.ts";
import { GryptError } from "../../shared/errors.ts";
import { type ExportedIdentity, parseIdentity, serializeIdentity } from "../../shared/identity.ts";

const ContentsSchema = v.strictObject({
  v: v.literal(1),
  type: v.literal("grypt-member"),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  identity: v.unknown(),
});

export interface VaultContents {
  name: string;
  exported: ExportedIdentity;
}

export function encodeContents(contents: VaultContents): Uint8Array {
  const identity: unknown = JSON.parse(serializeIdentity(contents.exported));
  return utf8Encode(JSON.stringify({ v: 1, type: "grypt-member", name: contents.name, identity }));
}

export function decodeContents(plaintext: Uint8Array): VaultContents {
  let data: unknown;
  try {
    data = JSON.parse(utf8Decode(plaintext));
  } catch {
    throw new GryptError("VAULT_CORRUPT", "the key backup does not hold a grypt member identity");
  }
  const parsed = v.safeParse(ContentsSchema, data);
  if (!parsed.success)
    throw new GryptError("VAULT_CORRUPT", "the key backup does not hold a grypt member identity");
  return { name: parsed.output.name, exported: parseIdentity(parsed.output.identity) };
}
