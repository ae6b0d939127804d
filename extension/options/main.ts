/** Options entry: every section renders from the same live state; locked shows the unlock form first. */
import type { UiState } from "../messages/ui-messages.ts";
import { h, replaceChildren } from "../ui-shared/dom.ts";
import { errorText } from "../ui-shared/request.ts";
import { trustPanel } from "../ui-shared/trust-panel.ts";
import { unlockView } from "../ui-shared/unlock-view.ts";
import type { View } from "../ui-shared/view.ts";
import { watchState } from "../ui-shared/watch-state.ts";
import { autoLockSection } from "./auto-lock-section.ts";
import { backupSection } from "./backup-section.ts";
import { groupsSection } from "./groups-section.ts";
import { passwordSection } from "./password-section.ts";
import { readingSection } from "./reading-section.ts";
import { sitesSection } from "./sites-section.ts";

const FORGOT_PASSWORD_NOTE =
  "Forgot the password? Import a key backup: it opens with the password it was saved under.";
const app = document.getElementById("app")!;
const fatal = document.getElementById("fatal")!;

function compose(parts: View[], testId: string): View {
  return {
    element: h(
      "div",
      { testId },
      parts.map((p) => p.element),
    ),
    update: (state) => {
      for (const part of parts) part.update(state);
    },
  };
}

function viewFor(vault: UiState["vault"]): View {
  switch (vault) {
    case "none":
      return compose([backupSection(false), sitesSection()], "options-none");
    case "locked":
      // Import too: a user who forgot the password restores the identity from a backup.
      return compose(
        [
          unlockView(),
          backupSection(false, FORGOT_PASSWORD_NOTE),
          sitesSection(),
          readingSection(),
          autoLockSection(),
        ],
        "options-locked",
      );
    case "unlocked":
      return compose(
        [
          groupsSection(),
          trustPanel(),
          backupSection(),
          passwordSection(),
          sitesSection(),
          readingSection(),
          autoLockSection(),
        ],
        "options-unlocked",
      );
    default: {
      const never: never = vault;
      return never;
    }
  }
}

let shown: { vault: UiState["vault"]; view: View } | undefined;

watchState(
  (state) => {
    fatal.textContent = "";
    if (shown?.vault !== state.vault) {
      shown = { vault: state.vault, view: viewFor(state.vault) };
      replaceChildren(app, [shown.view.element]);
    }
    shown.view.update(state);
  },
  (error) => {
    fatal.textContent = errorText(error);
  },
);
