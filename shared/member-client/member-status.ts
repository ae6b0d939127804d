/** What a member client reports about its group: a discriminated union on `state`. */
import type { ErrorCode, WireError } from "../errors.ts";

export type MemberStatus =
  /** Opening a connection and running the handshake (attempt counts from 1 since the last success). */
  | { state: "connecting"; attempt: number }
  /** The server recorded a join request; `fingerprint` is this member's, for the admin to compare. */
  | { state: "pending"; fingerprint: string }
  | { state: "member"; groupId: string; epoch: number }
  | { state: "denied" }
  | { state: "removed" }
  /** The connection failed or was dropped; a new attempt starts in `retryInMs`. */
  | { state: "unreachable"; error: WireError; retryInMs: number }
  /** The server presented another key than the pinned one (expected null: nothing pinned, not trusted). */
  | { state: "key-mismatch"; expected: string | null; presented: string }
  | { state: "stopped" };

export type MemberState = MemberStatus["state"];

/** States after which the client never reconnects by itself. */
export function isTerminal(status: MemberStatus): boolean {
  switch (status.state) {
    case "denied":
    case "removed":
    case "key-mismatch":
    case "stopped":
      return true;
    case "connecting":
    case "pending":
    case "member":
    case "unreachable":
      return false;
    default: {
      const never: never = status;
      return never;
    }
  }
}

/** The error code a terminal state stands for (for waiters that wanted something else). */
export function terminalErrorCode(status: MemberStatus): ErrorCode {
  switch (status.state) {
    case "denied":
      return "DENIED";
    case "removed":
      return "REMOVED";
    case "key-mismatch":
      return "SERVER_KEY_MISMATCH";
    default:
      return "CONNECTION_CLOSED";
  }
}

/** One line for people: used by the command line and for logs. */
export function describeStatus(status: MemberStatus): string {
  switch (status.state) {
    case "connecting":
      return status.attempt > 1 ? `connecting (attempt ${status.attempt})` : "connecting";
    case "pending":
      return "waiting for the admin to approve this member";
    case "member":
      return `member of group ${status.groupId}, epoch ${status.epoch}`;
    case "denied":
      return "the admin denied this member";
    case "removed":
      return "removed from the group";
    case "unreachable":
      if (status.error.code === "JOIN_QUEUE_FULL")
        return `the group's join queue is full: too many requests wait for the admin (asking again in ${Math.ceil(status.retryInMs / 1000)} s)`;
      return `unreachable: ${status.error.message} (retrying in ${Math.ceil(status.retryInMs / 1000)} s)`;
    case "key-mismatch":
      return status.expected === null
        ? `server key ${status.presented} was not trusted`
        : `server key mismatch: expected ${status.expected}, server presented ${status.presented}`;
    case "stopped":
      return "stopped";
    default: {
      const never: never = status;
      return never;
    }
  }
}
