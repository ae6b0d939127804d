/**
 * Length-prefixed field encoding for everything grypt hashes or signs: each field is a 4-byte
 * big-endian length followed by its bytes. Strings are UTF-8; numbers are non-negative safe
 * integers written in decimal ASCII ("12"), so no two field lists encode to the same bytes.
 */
import { isBytes, utf8Encode } from "./bytes.ts";
import { check } from "./errors.ts";

export type Field = Uint8Array | string | number;

/** Largest single field (far above any statement field; guards against runaway input). */
export const MAX_FIELD_BYTES = 1024 * 1024;

function fieldBytes(field: Field, index: number): Uint8Array {
  if (isBytes(field)) return field;
  if (typeof field === "string") return utf8Encode(field);
  check(
    typeof field === "number" && Number.isSafeInteger(field) && field >= 0,
    `field ${index} must be bytes, a string or a non-negative safe integer`,
  );
  return utf8Encode(String(field));
}

/** `prefix` (raw, not length-prefixed) followed by each field as length ‖ bytes. */
export function encodeFields(prefix: Uint8Array, fields: readonly Field[]): Uint8Array {
  check(isBytes(prefix), "prefix must be a Uint8Array");
  check(Array.isArray(fields), "fields must be an array");
  const parts = fields.map((field, index) => {
    const bytes = fieldBytes(field, index);
    check(bytes.length <= MAX_FIELD_BYTES, `field ${index} is too long`);
    return bytes;
  });
  let total = prefix.length;
  for (const part of parts) total += 4 + part.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(prefix, 0);
  let offset = prefix.length;
  for (const part of parts) {
    view.setUint32(offset, part.length);
    out.set(part, offset + 4);
    offset += 4 + part.length;
  }
  return out;
}
