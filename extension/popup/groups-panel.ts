/** Joined groups with their live state, and the join form (invite line or bare server URL). */
import type { GroupView } from "../messages/ui-messages.ts";
import { busy, field, h, messageLine, replaceChildren } from "../ui-shared/dom.ts";
import { stateLabel } from "../ui-shared/group-state.ts";
import { errorText, request } from "../ui-shared/request.ts";
import type { View } from "../ui-shared/view.ts";

function groupRow(group: GroupView, onError: (error: unknown) => void): HTMLElement {
  const retry = h("button", { text: "Retry", testId: "retry" });
  retry.addEventListener("click", () => {
    void busy(
      retry,
      async () => void (await request({ type: "reconnect-group", groupId: group.groupId })),
      onError,
    );
  });
  const canRetry =
    group.state === "denied" || group.state === "removed" || group.state === "stopped";
  return h(
    "div",
    { className: "group", testId: `group-${group.groupId}`, attrs: { "data-state": group.state } },
    [
      h("div", { className: "row" }, [
        h("strong", { text: group.name || group.groupId }),
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
        testId: "group-detail",
      }),
      canRetry ? retry : null,
    ],
  );
}

export function groupsPanel(): View {
  const list = h("div", { testId: "groups" });
  const message = messageLine("join-message");
  const input = h("textarea", {
    testId: "join-input",
    attrs: {
      rows: "2",
      placeholder: "grypt-invite:1:… or wss://server.example",
      spellcheck: "false",
    },
  });
  const button = h("button", {
    className: "primary",
    text: "Join",
    testId: "join",
    attrs: { type: "submit" },
  });
  const form = h("form", {}, [
    field("Invite from the admin, or a server URL", input),
    button,
    message.element,
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    message.clear();
    void busy(
      button,
      async () => {
        const reply = await request({ type: "join-group", text: input.value });
        input.value = "";
        message.info(
          reply.needsTrust ? "Compare the server's fingerprint below." : "Join request sent.",
        );
      },
      (error) => message.error(errorText(error)),
    );
  });
  return {
    element: h("section", {}, [h("h2", { text: "Groups" }), list, form]),
    update(state) {
      if (state.groups.length === 0) {
        replaceChildren(list, [
          h("p", {
            className: "muted",
            text: "No group yet: paste the invite your admin gave you.",
          }),
        ]);
        return;
      }
      replaceChildren(
        list,
        state.groups.map((group) => groupRow(group, (error) => message.error(errorText(error)))),
      );
    },
  };
}
