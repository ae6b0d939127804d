/** Locked: ask for the password. A wrong password says so and changes nothing. */
import { formatFingerprint } from "../../shared/identity.ts";
import { busy, field, h, messageLine } from "./dom.ts";
import { errorText, request } from "./request.ts";
import type { View } from "./view.ts";

export function unlockView(): View {
  const who = h("p", { className: "muted", testId: "locked-as" });
  const password = h("input", {
    testId: "unlock-password",
    attrs: { type: "password", autocomplete: "current-password", autofocus: "" },
  });
  const message = messageLine("unlock-message");
  const button = h("button", {
    className: "primary",
    text: "Unlock",
    testId: "unlock",
    attrs: { type: "submit" },
  });
  const form = h("form", {}, [
    h("h2", { text: "grypt is locked" }),
    who,
    field("Password", password),
    button,
    message.element,
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    message.clear();
    void busy(
      button,
      async () => {
        await request({ type: "unlock", password: password.value });
        password.value = "";
      },
      (error) => {
        message.error(errorText(error));
        password.select();
      },
    );
  });
  return {
    element: h("section", { testId: "unlock-view" }, [form]),
    update(state) {
      who.textContent = state.fingerprintHex
        ? `${state.name ?? ""} · ${formatFingerprint(state.fingerprintHex)}`
        : "";
    },
  };
}
