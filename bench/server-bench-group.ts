/**
 * A group file with N approved members for the server benchmark. RSA-3072 keygen is slow, so
 * members share a small pool of RSA keys and each gets its own ECDSA key (cheap): distinct
 * fingerprints, hence distinct members to the server.
 */
import { join } from "node:path";
import type { MemberRecord } from "../server/state/group-schema.ts";
import { newGroupState } from "../server/state/new-group.ts";
import { GroupStore } from "../server/store/group-store.ts";
import { toBase64Url } from "../shared/bytes.ts";
import { computeFingerprint, generateIdentity } from "../shared/identity.ts";

export interface BenchMember {
  signPrivate: CryptoKey;
  signKey: string;
  encKey: string;
  encPrivate: CryptoKey;
  fingerprint: Uint8Array;
}

export interface BenchGroup {
  dataFile: string;
  members: BenchMember[];
}

export const BENCH_PASSWORD = "benchmark password";
const RSA_POOL = 4;

/** `count` members: their own ECDSA key each, RSA keys from a small pool. */
export async function makeBenchMembers(count: number): Promise<BenchMember[]> {
  const pool = await Promise.all(Array.from({ length: RSA_POOL }, () => generateIdentity()));
  const members: BenchMember[] = [];
  for (let i = 0; i < count; i++) {
    const rsa = pool[i % RSA_POOL]!;
    const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
      "verify",
    ])) as CryptoKeyPair;
    const signSpki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
    const encSpki = rsa.exported.encSpki;
    members.push({
      signPrivate: pair.privateKey,
      signKey: toBase64Url(signSpki),
      encKey: toBase64Url(encSpki),
      encPrivate: rsa.identity.encPrivate,
      fingerprint: await computeFingerprint(signSpki, encSpki),
    });
  }
  return members;
}

/** A new group file in `dir` whose approved members are exactly `members`. */
export async function writeBenchGroup(dir: string, members: BenchMember[]): Promise<string> {
  const state = await newGroupState({ name: "bench" });
  const now = Date.now();
  const records: MemberRecord[] = members.map((m, i) => ({
    fingerprint: Buffer.from(m.fingerprint).toString("hex"),
    signKey: m.signKey,
    encKey: m.encKey,
    name: `member ${i}`,
    joinedEpoch: 1,
    approvedAt: now,
  }));
  const dataFile = join(dir, `bench-${members.length}.grypt`);
  await GroupStore.create(dataFile, BENCH_PASSWORD, { ...state, members: records });
  return dataFile;
}

export async function makeBenchGroup(dir: string, count: number): Promise<BenchGroup> {
  const members = await makeBenchMembers(count);
  return { dataFile: await writeBenchGroup(dir, members), members };
}
