/** Groups: state, server, pinned key; leave, re-pin, make default. */
import { formatFingerprint } from "../../shared/identity.ts";
import type { GroupView, UiState } from "../messages/ui-messages.ts";
import { busy, h, messageLine, replaceChildren } from "../ui-shared/dom.ts";
import { stateLabel } from "../ui-shared/group-state.ts";
import { errorText, request } from "../ui-shared/request.ts";
import type { View } from "../ui-shared/view.ts";

function groupRow(
  group: GroupView,
  isDefault: boolean,
  fail: (error: unknown) => void,
): HTMLElement {
  const leave = h("button", { className: "danger", text: "Leave", testId: "leave" });
  leave.addEventListener("click", () => {
    if (!confirm(`Leave "${group.name || group.groupId}"? Its keys are deleted from this browser.`))
      return;
    void busy(
      leave,
      async () => void (await request({ type: "leave-group", groupId: group.groupId })),
      fail,
    );
  });
  const repin = h("button", { text: "Re-pin server key", testId: "repin" });
  repin.addEventListener("click", () => {
    void busy(
      repin,
      async () => void (await request({ type: "repin-group", groupId: group.groupId })),
      fail,
    );
  });
  const makeDefault = h("button", { text: "Make default", testId: "make-default" });
  makeDefault.addEventListener("click", () => {
    void busy(
      makeDefault,
      async () => void (await request({ type: "set-default-group", groupId: group.groupId })),
      fail,
    );
  });
  return h(
    "div",
    { className: "group", testId: `group-${group.groupId}`, attrs: { "data-state": group.state } },
    [
      h("div", { className: "row" }, [
        h("strong", { text: group.name || group.groupId }),
        isDefault ? h("span", { className: "muted", text: "(default)" }) : null,
        h("span", { className: "spacer" }),
        h("span", {
          className: `badge state-${group.state}`,
          text: stateLabel(group.state),
          testId: "group-state",
        }),
      ]),
      h("div", {
        className: `group-detail${group.state === "key-mismatch" ? " warning" : ""}`,
        text: group.detail,
      }),
      h("div", {
        className: "muted",
        text: `Server: ${group.url} · group id ${group.groupId} · ${group.keyCount} key(s)`,
      }),
      h("div", { className: "muted" }, [
        "Pinned server key: ",
        h("span", { className: "fingerprint", text: formatFingerprint(group.pin) }),
      ]),
      h("div", { className: "row" }, [isDefault ? null : makeDefault, repin, leave]),
    ],
  );
}

export function groupsSection(): View {
  const list = h("div", { testId: "options-groups" });
  const message = messageLine("groups-message");
  const fail = (error: unknown) => message.error(errorText(error));
  return {
    element: h("section", {}, [h("h2", { text: "Groups" }), list, message.element]),
    update(state: UiState) {
      if (state.groups.length === 0) {
        replaceChildren(list, [
          h("p", { className: "muted", text: "No groups. Join one from the toolbar popup." }),
        ]);
        return;
      }
      replaceChildren(
        list,
        state.groups.map((g) => groupRow(g, g.groupId === state.defaultGroupId, fail)),
      );
    },
  };
}
