/** A server reached by bare URL: show its fingerprint for the user to compare before pinning it. */
import { formatFingerprint } from "../../shared/identity.ts";
import { busy, h, messageLine } from "./dom.ts";
import { errorText, request } from "./request.ts";
import type { View } from "./view.ts";

export function trustPanel(): View {
  const server = h("div", { testId: "trust-server" });
  const fingerprint = h("div", { className: "fingerprint", testId: "trust-fingerprint" });
  const message = messageLine("trust-message");
  const accept = h("button", {
    className: "primary",
    text: "It matches: trust and join",
    testId: "trust-accept",
  });
  const reject = h("button", { text: "Cancel", testId: "trust-reject" });
  const answer = (button: HTMLButtonElement, yes: boolean) =>
    void busy(
      button,
      async () => void (await request({ type: "trust-server", accept: yes })),
      (error) => message.error(errorText(error)),
    );
  accept.addEventListener("click", () => answer(accept, true));
  reject.addEventListener("click", () => answer(reject, false));
  const element = h("section", { className: "warning", testId: "trust-panel" }, [
    h("h2", { text: "Confirm the server's key" }),
    server,
    h("p", {
      className: "muted",
      text: "Ask the admin to read out the server fingerprint and compare every group:",
    }),
    fingerprint,
    h("div", { className: "row" }, [accept, reject]),
    message.element,
  ]);
  return {
    element,
    update(state) {
      const candidate = state.trustCandidate;
      element.hidden = !candidate;
      if (!candidate) return;
      server.textContent = `${candidate.groupName || "Group"} at ${candidate.url}`;
      fingerprint.textContent = formatFingerprint(candidate.fingerprintHex);
    },
  };
}
