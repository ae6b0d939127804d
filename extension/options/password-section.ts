/** Change the vault password (the group keys are re-sealed under the new one). */
import { busy, field, h, messageLine } from "../ui-shared/dom.ts";
import { passwordStrength } from "../ui-shared/password-strength.ts";
import { errorText, request } from "../ui-shared/request.ts";
import type { View } from "../ui-shared/view.ts";

export function passwordSection(): View {
  const current = h("input", {
    testId: "old-password",
    attrs: { type: "password", autocomplete: "current-password" },
  });
  const next = h("input", {
    testId: "new-password",
    attrs: { type: "password", autocomplete: "new-password" },
  });
  const repeat = h("input", {
    testId: "new-password-repeat",
    attrs: { type: "password", autocomplete: "new-password" },
  });
  const hint = h("span", { className: "muted", text: passwordStrength("").text });
  next.addEventListener("input", () => {
    const strength = passwordStrength(next.value);
    hint.textContent = strength.text;
    hint.className = `muted strength-${strength.level}`;
  });
  const message = messageLine("password-message");
  const button = h("button", {
    className: "primary",
    text: "Change password",
    testId: "change-password",
    attrs: { type: "submit" },
  });
  const form = h("form", {}, [
    h("h2", { text: "Password" }),
    field("Current password", current),
    field("New password", next, hint),
    field("New password again", repeat),
    button,
    message.element,
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    message.clear();
    if (next.value.length < 8) return message.error("Use a password of at least 8 characters.");
    if (next.value !== repeat.value) return message.error("The two new passwords differ.");
    void busy(
      button,
      async () => {
        await request({
          type: "change-password",
          oldPassword: current.value,
          newPassword: next.value,
        });
        form.reset();
        message.info(
          "Password changed. Download a new key backup: old backups keep the old password.",
        );
      },
      (error) => message.error(errorText(error)),
    );
  });
  return { element: h("section", {}, [form]), update() {} };
}
