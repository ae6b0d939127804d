/** Auto-lock: minutes without input after which grypt forgets its keys. */
import {
  MAX_AUTO_LOCK_MINUTES,
  MIN_AUTO_LOCK_MINUTES,
  type UiState,
} from "../messages/ui-messages.ts";
import { busy, field, h, messageLine } from "../ui-shared/dom.ts";
import { errorText, request } from "../ui-shared/request.ts";
import type { View } from "../ui-shared/view.ts";

export function autoLockSection(): View {
  const minutes = h("input", {
    testId: "auto-lock-minutes",
    className: "inline",
    attrs: {
      type: "number",
      min: String(MIN_AUTO_LOCK_MINUTES),
      max: String(MAX_AUTO_LOCK_MINUTES),
      step: "1",
    },
  });
  const message = messageLine("auto-lock-message");
  const save = h("button", { text: "Save", testId: "auto-lock-save", attrs: { type: "submit" } });
  const form = h("form", { attrs: { novalidate: "" } }, [
    h("h2", { text: "Auto-lock" }),
    field("Lock after this many minutes without input", minutes),
    save,
    message.element,
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    message.clear();
    const value = Number(minutes.value);
    if (
      !Number.isInteger(value) ||
      value < MIN_AUTO_LOCK_MINUTES ||
      value > MAX_AUTO_LOCK_MINUTES
    ) {
      return message.error(
        `Enter whole minutes from ${MIN_AUTO_LOCK_MINUTES} to ${MAX_AUTO_LOCK_MINUTES}.`,
      );
    }
    void busy(
      save,
      async () => {
        await request({ type: "set-auto-lock", minutes: value });
        message.info("Saved.");
      },
      (error) => message.error(errorText(error)),
    );
  });
  let edited = false;
  minutes.addEventListener("input", () => {
    edited = true;
  });
  return {
    element: h("section", {}, [form]),
    update(state: UiState) {
      if (!edited) minutes.value = String(state.autoLockMinutes);
    },
  };
}
