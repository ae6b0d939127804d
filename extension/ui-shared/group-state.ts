/** How a group's state reads in the pages. */
import type { GroupState } from "../messages/ui-messages.ts";

export function stateLabel(state: GroupState): string {
  switch (state) {
    case "connecting":
      return "connecting";
    case "pending":
      return "pending approval";
    case "member":
      return "member";
    case "denied":
      return "denied";
    case "removed":
      return "removed";
    case "unreachable":
      return "unreachable";
    case "key-mismatch":
      return "server key refused";
    case "stopped":
      return "not connected";
    case "locked":
      return "locked";
    default: {
      const never: never = state;
      return never;
    }
  }
}
