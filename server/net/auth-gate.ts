/**
 * What an `auth` passes before its connection is admitted: its address and network must have
 * failed auths left (none is spent by an auth that verifies, so members' reconnects, even many at
 * once, cost nothing), then the signature check (verify-auth.ts). Each failure is charged, into
 * debt when several were checked at once, so bursts are paid for before the next probe.
 * A refusal says what to send and how to close; nothing is thrown.
 */
import { toWireError, type WireError } from "../../shared/errors.ts";
import { CLOSE_CODES } from "../../shared/protocol/close-codes.ts";
import type { Auth } from "../../shared/protocol/messages.ts";
import type { GroupService } from "../group/group-service.ts";
import type { VerifiedAuth } from "../group/links.ts";
import type { Logger } from "../log.ts";
import type { NetworkLimiter } from "./network-limits.ts";
import { verifyAuth } from "./verify-auth.ts";

export interface AuthGateContext {
  service: GroupService;
  log: Logger;
  failedAuths: NetworkLimiter;
}

export type GateResult =
  | { passed: true; auth: VerifiedAuth }
  | { passed: false; error: WireError; closeCode: number; reason: string };

export async function passAuthGate(
  message: Auth,
  nonce: Uint8Array,
  address: string,
  { service, log, failedAuths }: AuthGateContext,
): Promise<GateResult> {
  if (!failedAuths.has(address)) {
    log.warn("too many failed auths: refused", { addr: address });
    return {
      passed: false,
      error: {
        code: "RATE_LIMITED",
        message: "too many failed authentications from your network; try later",
      },
      closeCode: CLOSE_CODES.RATE_LIMITED,
      reason: "rate limited",
    };
  }
  try {
    const auth = await verifyAuth(message, {
      nonce,
      groupId: service.identity.groupId,
      serverFingerprint: service.identity.fingerprint,
      keys: service.authKeys,
      member: (fp) => service.member(fp),
    });
    return { passed: true, auth };
  } catch (error) {
    failedAuths.charge(address);
    const wire = toWireError(error);
    log.warn("auth failed", { addr: address, why: wire.message });
    return {
      passed: false,
      error: wire,
      closeCode: CLOSE_CODES.AUTH_FAILED,
      reason: "authentication failed",
    };
  }
}
