/** A bare WebSocket peer for hostile tests: sends exactly what the test says, records everything. */
import { WebSocket } from "ws";
import { fromBase64Url, randomBytes, toBase64Url } from "../../../shared/bytes.ts";
import type { Identity } from "../../../shared/identity.ts";
import type { Auth, Hello } from "../../../shared/protocol/messages.ts";
import { signStatement } from "../../../shared/signed-statements.ts";

export interface RawPeer {
  ws: WebSocket;
  hello: Hello;
  messages: Array<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
  send(data: string | Buffer): void;
  /** The next message of `type`, or of any of several types (already received or coming). */
  next(type: string | readonly string[], timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** `localAddress`: the address to connect from (any 127.x.y.z on Linux: many "clients" on one machine). */
export async function connectRaw(
  url: string,
  options: { localAddress?: string } = {},
): Promise<RawPeer> {
  const ws = new WebSocket(url, options);
  ws.on("error", () => undefined);
  const messages: Array<Record<string, unknown>> = [];
  const listeners = new Set<() => void>();
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on("message", (data) => {
    messages.push(JSON.parse(data.toString()) as Record<string, unknown>);
    for (const listener of listeners) listener();
  });
  const next = (type: string | readonly string[], timeoutMs = 10_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const types: readonly unknown[] = typeof type === "string" ? [type] : type;
      let seen = 0;
      const check = () => {
        for (; seen < messages.length; seen++) {
          if (types.includes(messages[seen]!.type)) {
            listeners.delete(check);
            clearTimeout(timer);
            return resolve(messages.splice(seen, 1)[0]!);
          }
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(
            `no ${types.join(" or ")} within ${timeoutMs} ms; got ${JSON.stringify(messages)}`,
          ),
        );
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  const hello = (await next("hello")) as unknown as Hello;
  return { ws, hello, messages, closed, send: (data) => ws.send(data), next };
}

/** A correct auth for `hello` by `identity`, or with keys/nonce overridden by the test. */
export async function makeAuth(
  hello: Hello,
  identity: Identity,
  options: {
    name?: string;
    haveEpoch?: number;
    nonce?: Uint8Array;
    clientNonce?: Uint8Array;
    serverFingerprint?: Uint8Array;
  } = {},
): Promise<Auth> {
  const serverKey = fromBase64Url(hello.serverKey);
  const serverFingerprint =
    options.serverFingerprint ??
    new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(serverKey)));
  const clientNonce = options.clientNonce ?? randomBytes(32);
  const signature = await signStatement(identity.signPrivate, {
    purpose: "auth",
    nonce: options.nonce ?? fromBase64Url(hello.nonce),
    clientNonce,
    groupId: hello.groupId,
    serverFingerprint,
    memberFingerprint: identity.public.fingerprint,
  });
  return {
    type: "auth",
    signKey: toBase64Url(identity.public.signSpki),
    encKey: toBase64Url(identity.public.encSpki),
    name: options.name ?? "raw peer",
    haveEpoch: options.haveEpoch ?? 0,
    clientNonce: toBase64Url(clientNonce),
    signature: toBase64Url(signature),
  };
}
