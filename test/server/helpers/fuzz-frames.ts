/** Malformed and hostile frames for the fuzz test, from a seeded generator (reproducible). */
import { randomBytes, toBase64Url } from "../../../shared/bytes.ts";
import type { Identity } from "../../../shared/identity.ts";

export interface FuzzFrame {
  data: string | Buffer;
  binary: boolean;
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function fuzzFrames(count: number, identity: Identity, seed = 7): FuzzFrame[] {
  const random = seeded(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const b64 = (n: number) => toBase64Url(randomBytes(n));
  const signKey = toBase64Url(identity.public.signSpki);
  const encKey = toBase64Url(identity.public.encSpki);
  const auth = (patch: Record<string, unknown>) =>
    JSON.stringify({
      type: "auth",
      signKey,
      encKey,
      name: "fuzz",
      haveEpoch: 0,
      clientNonce: b64(32),
      signature: b64(64),
      ...patch,
    });
  const text: Array<() => string> = [
    () => "",
    () => "{",
    () => "null",
    () => "[]",
    () => String(random()),
    () => '"auth"',
    () => "[".repeat(2000) + "]".repeat(2000),
    () =>
      JSON.stringify({
        type: pick(["hello", "keys", "rekey", "pong", "removed", "AUTH", "", 7, null]),
      }),
    () => JSON.stringify({ kind: "auth" }),
    () => '{"type":"ping","__proto__":{"polluted":true}}',
    () => JSON.stringify({ type: "ping", extra: 1 }),
    () => auth({ clientNonce: undefined }),
    () => auth({ clientNonce: b64(31) }),
    () => auth({ clientNonce: "!".repeat(43) }),
    () => auth({ clientNonce: b64(32).toUpperCase() }),
    () => auth({ signKey: "!!!" }),
    () => auth({ signKey: b64(91) }),
    () => auth({ encKey: b64(422) }),
    () => auth({ encKey: signKey }),
    () => auth({ signature: b64(63) }),
    () => auth({ signature: "A".repeat(86) }),
    () => auth({ name: "" }),
    () => auth({ name: "x".repeat(65) }),
    () => auth({ name: "evil\nlog line" }),
    () => auth({ haveEpoch: -1 }),
    () => auth({ haveEpoch: 1.5 }),
    () => auth({ haveEpoch: 2 ** 40 }),
    () => auth({ haveEpoch: "1" }),
    () => auth({ extra: true }),
    () => auth({}),
    () => JSON.stringify({ type: "auth" }),
    () => "x".repeat(Math.floor(random() * 8000)),
    () => String.fromCharCode(...Array.from({ length: 50 }, () => Math.floor(random() * 0xd7ff))),
  ];
  const frames: FuzzFrame[] = [];
  for (let i = 0; i < count; i++) {
    const r = random();
    if (r < 0.08)
      frames.push({ data: Buffer.from(randomBytes(1 + Math.floor(random() * 200))), binary: true });
    else if (r < 0.12) frames.push({ data: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), binary: false });
    else frames.push({ data: pick(text)(), binary: false });
  }
  return frames;
}
