/** A member client's status as the popup shows it: a state and one sentence saying what it means. */
import { formatFingerprint } from "../../shared/identity.ts";
import type { MemberStatus } from "../../shared/member-client/member-status.ts";
import type { GroupStatus } from "./stored-state.ts";

export function groupStatusFor(status: MemberStatus, epoch: number): GroupStatus {
  switch (status.state) {
    case "connecting":
      return {
        state: "connecting",
        detail: status.attempt > 1 ? `Connecting (attempt ${status.attempt})…` : "Connecting…",
        epoch,
      };
    case "pending":
      return {
        state: "pending",
        detail: "Waiting for the admin to approve you. Read your fingerprint out to them.",
        epoch,
      };
    case "member":
      return {
        state: "member",
        detail: `Member: posts up to epoch ${status.epoch} are readable.`,
        epoch: status.epoch,
      };
    case "denied":
      return { state: "denied", detail: "The admin denied this request.", epoch };
    case "removed":
      return {
        state: "removed",
        detail: "You were removed from this group; new posts are no longer readable.",
        epoch,
      };
    case "unreachable": {
      const retry = `${Math.ceil(status.retryInMs / 1000)} s`;
      // The server answered, but has no room for another join request until the admin decides some.
      if (status.error.code === "JOIN_QUEUE_FULL")
        return {
          state: "unreachable",
          detail: `The group's join queue is full: too many requests wait for the admin. Asking again in ${retry}.`,
          epoch,
        };
      return {
        state: "unreachable",
        detail: `Server unreachable (${status.error.message}). Retrying in ${retry}.`,
        epoch,
      };
    }
    case "key-mismatch":
      return {
        state: "key-mismatch",
        detail:
          status.expected === null
            ? `Server key ${formatFingerprint(status.presented)} was not trusted.`
            : `Refused: the server presented key ${formatFingerprint(status.presented)}, but this group is pinned to ` +
              `${formatFingerprint(status.expected)}. Someone may be intercepting the connection, or the server's key ` +
              "was replaced. Ask the admin; re-pin in Options only if they confirm a new key.",
        epoch,
      };
    case "stopped":
      return { state: "stopped", detail: "Not connected.", epoch };
    default: {
      const never: never = status;
      return never;
    }
  }
}
