/** The member's own fingerprint (to read out to the admin) and the lock button. */
import { formatFingerprint } from "../../shared/identity.ts";
import { busy, h, messageLine } from "../ui-shared/dom.ts";
import { errorText, request } from "../ui-shared/request.ts";
import type { View } from "../ui-shared/view.ts";

export function identityPanel(): View {
  const name = h("strong", { testId: "member-name" });
  const fingerprint = h("div", { className: "fingerprint", testId: "fingerprint" });
  const message = messageLine("lock-message");
  const lockButton = h("button", { text: "Lock", testId: "lock" });
  lockButton.addEventListener("click", () => {
    void busy(
      lockButton,
      async () => void (await request({ type: "lock" })),
      (error) => message.error(errorText(error)),
    );
  });
  return {
    element: h("section", { testId: "identity" }, [
      h("div", { className: "row" }, [name, h("span", { className: "spacer" }), lockButton]),
      h("div", { className: "muted", text: "Your fingerprint (read it out to the admin):" }),
      fingerprint,
      message.element,
    ]),
    update(state) {
      name.textContent = state.name ?? "";
      fingerprint.textContent = state.fingerprintHex ? formatFingerprint(state.fingerprintHex) : "";
    },
  };
}
