/**
 * Bare benchmark members: connect, answer hello with a signed auth (haveEpoch = the epoch they
 * hold, so `keys` carries no wraps: a reconnect), then record when each `rekey` arrives. Frames
 * are parsed after the clock stops, as the prototype's benchmark decrypts after timing.
 */
import { WebSocket } from "ws";
import { fromBase64Url, randomBytes, toBase64Url } from "../shared/bytes.ts";
import { signStatement } from "../shared/signed-statements.ts";
import type { BenchMember } from "./server-bench-group.ts";

export interface BenchClient {
  member: BenchMember;
  ws: WebSocket;
  /** Raw rekey frames with their arrival time (performance.now()). */
  rekeys: Array<{ at: number; data: string }>;
  /** The current epoch its `keys` message named. */
  keysEpoch: number;
}

export interface RekeyWatch {
  expect(count: number): Promise<number>;
}

let onRekey: (() => void) | undefined;

function connectOne(
  url: string,
  member: BenchMember,
  serverFingerprint: Uint8Array,
  haveEpoch: number,
): Promise<BenchClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const client: BenchClient = { member, ws, rekeys: [], keysEpoch: 0 };
    ws.on("error", reject);
    ws.on("message", (raw) => {
      const data = raw.toString();
      if (data.startsWith('{"type":"rekey"')) {
        client.rekeys.push({ at: performance.now(), data });
        onRekey?.();
        return;
      }
      const message = JSON.parse(data) as {
        type: string;
        nonce?: string;
        groupId?: string;
        epoch?: number;
      };
      if (message.type === "hello") {
        const clientNonce = randomBytes(32);
        void signStatement(member.signPrivate, {
          purpose: "auth",
          nonce: fromBase64Url(message.nonce!),
          clientNonce,
          groupId: message.groupId!,
          serverFingerprint,
          memberFingerprint: member.fingerprint,
        }).then((signature) =>
          ws.send(
            JSON.stringify({
              type: "auth",
              signKey: member.signKey,
              encKey: member.encKey,
              name: "bench",
              haveEpoch,
              clientNonce: toBase64Url(clientNonce),
              signature: toBase64Url(signature),
            }),
          ),
        );
      } else if (message.type === "keys") {
        client.keysEpoch = message.epoch ?? 0;
        resolve(client);
      } else reject(new Error(`bench member got ${data.slice(0, 200)}`));
    });
  });
}

/** Connect members with at most `concurrency` handshakes in flight; returns clients and handshakes/s. */
export async function connectMembers(
  url: string,
  members: BenchMember[],
  serverFingerprint: Uint8Array,
  haveEpoch: number,
  concurrency = 200,
): Promise<{ clients: BenchClient[]; perSecond: number }> {
  const clients: BenchClient[] = new Array(members.length);
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < members.length) {
      const i = next++;
      clients[i] = await connectOne(url, members[i]!, serverFingerprint, haveEpoch);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, members.length) }, worker));
  return { clients, perSecond: members.length / ((performance.now() - started) / 1000) };
}

/** Resolves with the arrival time of the last of `count` new rekeys across all clients. */
export function watchRekeys(clients: BenchClient[], count: number): Promise<number> {
  const base = clients.reduce((sum, c) => sum + c.rekeys.length, 0);
  let seen = base;
  return new Promise((resolve) => {
    onRekey = () => {
      seen++;
      if (seen - base >= count) {
        onRekey = undefined;
        resolve(performance.now());
      }
    };
  });
}
