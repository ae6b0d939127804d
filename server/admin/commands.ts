/** Run one admin request against the group; every failure becomes an `error` response. */
import { toWireError } from "../../shared/errors.ts";
import {
  approveRequests,
  backupGroup,
  denyRequest,
  kickMembers,
  rotateEpoch,
  unblockKey,
} from "../group/admin-ops.ts";
import type { GroupService } from "../group/group-service.ts";
import {
  blockedView,
  logView,
  membersView,
  pendingView,
  statusView,
} from "../group/group-views.ts";
import type { Logger } from "../log.ts";
import type { AdminRequest, AdminResponse } from "./admin-messages.ts";

export interface AdminContext {
  service: GroupService;
  log: Logger;
  url: string;
  invite: string;
}

async function run(context: AdminContext, request: AdminRequest): Promise<AdminResponse> {
  const { service, log } = context;
  switch (request.type) {
    case "status":
      return statusView(service, context.url);
    case "pending":
      return { type: "pending", requests: pendingView(service) };
    case "members":
      return { type: "members", members: membersView(service) };
    case "approve":
      return { type: "approved", ...(await approveRequests(service, log, request.prefixes)) };
    case "deny":
      return { type: "denied", request: await denyRequest(service, log, request.prefix) };
    case "kick":
      return { type: "kicked", ...(await kickMembers(service, log, request.prefixes)) };
    case "blocked":
      return { type: "blocked", keys: blockedView(service) };
    case "unblock":
      return { type: "unblocked", key: await unblockKey(service, log, request.prefix) };
    case "rotate":
      return { type: "rotated", ...(await rotateEpoch(service, request.reason || "admin rotate")) };
    case "invite":
      return {
        type: "invite",
        invite: context.invite,
        url: context.url,
        fingerprint: service.identity.fingerprintHex,
      };
    case "log":
      return { type: "log", entries: logView(service, request.limit ?? 20) };
    case "backup":
      return { type: "backed-up", ...(await backupGroup(service, log, request.path)) };
    default: {
      const unknown: never = request;
      throw new Error(`unknown admin request ${String(unknown)}`);
    }
  }
}

export async function executeAdmin(
  context: AdminContext,
  request: AdminRequest,
): Promise<AdminResponse> {
  try {
    return await run(context, request);
  } catch (error) {
    const wire = toWireError(error);
    // A disk failure's message names the file and the cause; an internal one's says nothing more.
    if (wire.code === "INTERNAL" || wire.code === "STORAGE_FAILED") {
      context.log.error("admin command failed", {
        command: request.type,
        why: wire.code === "STORAGE_FAILED" ? wire.message : undefined,
      });
    }
    return { type: "error", ...wire };
  }
}
