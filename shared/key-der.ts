/**
 * Just enough DER to name what an SPKI or PKCS#8 blob holds before WebCrypto sees it, so a
 * bad key gets a precise INVALID_KEY message ("wrong curve", "not RSA", "garbage DER")
 * instead of WebCrypto's generic DataError. WebCrypto still does the real parsing.
 */
import { GryptError } from "./errors.ts";

export type KeyFormat = "spki" | "pkcs8";
export type KeyAlgorithmInfo =
  | { kind: "ec"; curve: "P-256" | "P-384" | "P-521" | "other"; curveOid: string }
  | { kind: "rsa" }
  | { kind: "other"; oid: string };

interface Tlv {
  tag: number;
  start: number; // first content byte
  end: number; // one past the last content byte
}

function garbage(format: KeyFormat, what: string): GryptError {
  return new GryptError(
    "INVALID_KEY",
    `${format === "spki" ? "public" : "private"} key is not valid DER (${what})`,
  );
}

function readTlv(der: Uint8Array, offset: number, limit: number, format: KeyFormat): Tlv {
  if (offset + 2 > limit) throw garbage(format, "truncated");
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 3 || start + count > limit) throw garbage(format, "bad length");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!;
    start += count;
    if (length < 0x80 || der[offset + 2] === 0) throw garbage(format, "non-minimal length");
  }
  const end = start + length;
  if (end > limit) throw garbage(format, "truncated");
  return { tag, start, end };
}

function expectTag(tlv: Tlv, tag: number, format: KeyFormat, what: string): void {
  if (tlv.tag !== tag) throw garbage(format, `expected ${what}`);
}

/** Dotted form of a DER OBJECT IDENTIFIER's content bytes. */
export function oidToString(bytes: Uint8Array): string {
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...parts].join(".");
}

const EC_PUBLIC_KEY = "1.2.840.10045.2.1";
const RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
const CURVES: Record<string, "P-256" | "P-384" | "P-521"> = {
  "1.2.840.10045.3.1.7": "P-256",
  "1.3.132.0.34": "P-384",
  "1.3.132.0.35": "P-521",
};

/** Name the key algorithm (and curve) of an SPKI or PKCS#8 encoding; INVALID_KEY if it is not DER. */
export function describeKeyDer(der: Uint8Array, format: KeyFormat): KeyAlgorithmInfo {
  const outer = readTlv(der, 0, der.length, format);
  expectTag(outer, 0x30, format, "a SEQUENCE");
  if (outer.end !== der.length) throw garbage(format, "trailing bytes");
  let offset = outer.start;
  if (format === "pkcs8") {
    const version = readTlv(der, offset, outer.end, format);
    expectTag(version, 0x02, format, "a version INTEGER");
    offset = version.end;
  }
  const algorithm = readTlv(der, offset, outer.end, format);
  expectTag(algorithm, 0x30, format, "an AlgorithmIdentifier");
  const oidTlv = readTlv(der, algorithm.start, algorithm.end, format);
  expectTag(oidTlv, 0x06, format, "an algorithm OID");
  if (oidTlv.end === oidTlv.start) throw garbage(format, "empty OID");
  const key = readTlv(der, algorithm.end, outer.end, format);
  expectTag(
    key,
    format === "spki" ? 0x03 : 0x04,
    format,
    format === "spki" ? "a BIT STRING" : "an OCTET STRING",
  );
  const oid = oidToString(der.subarray(oidTlv.start, oidTlv.end));
  if (oid === RSA_ENCRYPTION) return { kind: "rsa" };
  if (oid !== EC_PUBLIC_KEY) return { kind: "other", oid };
  const params = readTlv(der, oidTlv.end, algorithm.end, format);
  if (params.tag !== 0x06) return { kind: "ec", curve: "other", curveOid: "explicit parameters" };
  const curveOid = oidToString(der.subarray(params.start, params.end));
  return { kind: "ec", curve: CURVES[curveOid] ?? "other", curveOid };
}
