/** Members for tests: identities made once per file, MemberClient over `ws`, admin calls. */
import { WebSocket } from "ws";
import { sendAdminRequest } from "../../../server/admin/admin-client.ts";
import type { AdminRequest, AdminResponse } from "../../../server/admin/admin-messages.ts";
import { generateIdentity, type Identity } from "../../../shared/identity.ts";
import { MemberClient } from "../../../shared/member-client/member-client.ts";
import type { MemberStatus } from "../../../shared/member-client/member-status.ts";
import type { ServerProcess } from "./server-process.ts";

export async function identities(count: number): Promise<Identity[]> {
  return Promise.all(
    Array.from({ length: count }, async () => (await generateIdentity()).identity),
  );
}

export function member(
  server: { url: string; fingerprint: string },
  identity: Identity,
  name: string,
  pin?: string,
  localAddress?: string,
): MemberClient {
  const client = new MemberClient({
    url: server.url,
    identity,
    name,
    pin: pin ?? server.fingerprint,
    connect: (url) => new WebSocket(url, { localAddress }),
    backoff: { initialMs: 50, maxMs: 500 },
  });
  client.start();
  return client;
}

export function waitFor(
  client: MemberClient,
  predicate: (s: MemberStatus) => boolean,
  timeoutMs = 20_000,
): Promise<MemberStatus> {
  return client.waitForStatus(predicate, { timeoutMs });
}

export const isMemberAt = (epoch: number) => (s: MemberStatus) =>
  s.state === "member" && s.epoch >= epoch;

export async function admin<T extends AdminResponse["type"]>(
  server: ServerProcess,
  request: AdminRequest,
  expect: T,
): Promise<Extract<AdminResponse, { type: T }>> {
  const response = await sendAdminRequest(server.socket, request);
  if (response.type !== expect)
    throw new Error(`expected ${expect}, got ${JSON.stringify(response)}`);
  return response as Extract<AdminResponse, { type: T }>;
}

/** Connect, wait for pending, approve over the admin socket, wait for the keys. */
export async function joinApproved(
  server: ServerProcess,
  identity: Identity,
  name: string,
): Promise<MemberClient> {
  const client = member(server, identity, name);
  await waitFor(client, (s) => s.state === "pending");
  await admin(
    server,
    { type: "approve", prefixes: [identity.public.fingerprintHex.slice(0, 16)] },
    "approved",
  );
  await waitFor(client, (s) => s.state === "member");
  return client;
}
