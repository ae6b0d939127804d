/**
 * How decrypted posts are shown. Private reading (the default) puts each post in a frame of
 * grypt's own that the site cannot read; the setting puts the words in the page's own text,
 * which is lighter but lets the site (and every script it runs) read them.
 */
import type { UiState } from "../messages/ui-messages.ts";
import { h, messageLine } from "../ui-shared/dom.ts";
import { errorText, request } from "../ui-shared/request.ts";
import type { View } from "../ui-shared/view.ts";

export const READ_IN_PAGE_LABEL =
  "Show decrypted posts in the page's own text: lighter, but the site can read them";

export function readingSection(): View {
  const box = h("input", { testId: "read-in-page", attrs: { type: "checkbox" } });
  const message = messageLine("read-in-page-message");
  box.addEventListener("change", () => {
    const enabled = box.checked;
    message.clear();
    request({ type: "set-read-in-page", enabled }).then(
      () => message.info(enabled ? "Posts now show in the page's own text." : "Private reading."),
      (error: unknown) => {
        box.checked = !enabled;
        message.error(errorText(error));
      },
    );
  });
  const element = h("section", {}, [
    h("h2", { text: "Reading" }),
    h("p", {
      text: "grypt shows each decrypted post in a frame of its own, which the site cannot read.",
    }),
    h("label", {}, [box, h("span", { text: READ_IN_PAGE_LABEL })]),
    message.element,
  ]);
  return {
    element,
    update(state: UiState) {
      box.checked = state.readInPage;
    },
  };
}
