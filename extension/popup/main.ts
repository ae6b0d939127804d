/** Popup entry: picks the view for the vault's state and keeps it live. */
import type { UiState } from "../messages/ui-messages.ts";
import { h, replaceChildren } from "../ui-shared/dom.ts";
import { errorText } from "../ui-shared/request.ts";
import { trustPanel } from "../ui-shared/trust-panel.ts";
import { unlockView } from "../ui-shared/unlock-view.ts";
import type { View } from "../ui-shared/view.ts";
import { watchState } from "../ui-shared/watch-state.ts";
import { composer } from "./composer.ts";
import { firstRunView } from "./first-run-view.ts";
import { groupsPanel } from "./groups-panel.ts";
import { identityPanel } from "./identity-panel.ts";

const app = document.getElementById("app")!;
const fatal = document.getElementById("fatal")!;

function memberView(): View {
  const parts = [identityPanel(), trustPanel(), groupsPanel(), composer()];
  return {
    element: h(
      "div",
      { testId: "member-view" },
      parts.map((p) => p.element),
    ),
    update: (state) => {
      for (const part of parts) part.update(state);
    },
  };
}

let shown: { vault: UiState["vault"]; view: View } | undefined;

function render(state: UiState): void {
  fatal.textContent = "";
  if (shown?.vault !== state.vault) {
    const view =
      state.vault === "none"
        ? firstRunView()
        : state.vault === "locked"
          ? unlockView()
          : memberView();
    shown = { vault: state.vault, view };
    replaceChildren(app, [view.element]);
  }
  shown.view.update(state);
}

watchState(render, (error) => {
  fatal.textContent = errorText(error);
});
