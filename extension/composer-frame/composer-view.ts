/**
 * The private composer: the user types here, in the extension's own document, which the site's
 * page cannot read. "Encrypt and insert" sends the text to the background, which encrypts it and
 * has the content script insert only the token; Escape closes without inserting.
 */
import type { FrameParams } from "../messages/composer-messages.ts";
import type { GroupView, UiState } from "../messages/ui-messages.ts";
import { busy, h, messageLine, replaceChildren } from "../ui-shared/dom.ts";
import { errorText, request } from "../ui-shared/request.ts";
import { lengthText } from "./length-line.ts";

export interface ComposerView {
  element: HTMLElement;
  update(state: UiState): void;
  focus(): void;
}

export function composerView(params: FrameParams): ComposerView {
  const select = h("select", { testId: "private-group", attrs: { "aria-label": "Group" } });
  const groupName = h("span", { testId: "private-group-name" });
  const text = h("textarea", {
    testId: "private-text",
    attrs: {
      placeholder: "Only your group can read this. The site cannot see what you type here.",
      "aria-label": "Private post",
    },
  });
  const length = h("span", { className: "length", testId: "private-length" });
  const message = messageLine("private-message");
  const insert = h("button", {
    className: "primary",
    text: "Encrypt and insert",
    testId: "private-insert",
  });
  const cancel = h("button", { text: "Cancel", testId: "private-cancel" });
  let groups: GroupView[] = [];

  const showLength = () => {
    const { text: line, over } = lengthText(
      text.value,
      groups.find((g) => g.groupId === select.value),
      params,
    );
    length.textContent = line;
    length.className = over ? "length over-limit" : "length";
  };
  const close = () => {
    text.value = "";
    void request({ type: "composer-close", composerId: params.id }).catch(() => {});
  };
  const encryptAndInsert = () => {
    message.clear();
    if (text.value.trim() === "") return message.error("Write something first.");
    void busy(
      insert,
      async () => {
        await request({
          type: "composer-insert",
          composerId: params.id,
          groupId: select.value,
          plaintext: text.value,
        });
        // The content script removes this frame once the token is in; clear in case it is slow.
        text.value = "";
      },
      (error) => message.error(errorText(error)),
    );
  };
  text.addEventListener("input", showLength);
  select.addEventListener("change", showLength);
  insert.addEventListener("click", encryptAndInsert);
  cancel.addEventListener("click", close);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
    else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) encryptAndInsert();
  });

  const element = h("div", { testId: "private-composer", attrs: { role: "dialog" } }, [
    h("div", { className: "bar" }, [
      h("strong", { text: "grypt · private" }),
      h("span", { className: "spacer" }),
      groupName,
      select,
    ]),
    text,
    h("div", { className: "bar" }, [length, h("span", { className: "spacer" }), cancel, insert]),
    message.element,
  ]);
  return {
    element,
    focus: () => text.focus(),
    update(state) {
      groups = state.groups.filter((g) => g.keyCount > 0);
      const selected = select.value || state.defaultGroupId || "";
      replaceChildren(
        select,
        groups.map((g) => h("option", { text: g.name || g.groupId, attrs: { value: g.groupId } })),
      );
      if (groups.some((g) => g.groupId === selected)) select.value = selected;
      // One group: its name; several: the choice, starting at the default group.
      select.hidden = groups.length < 2;
      groupName.textContent =
        groups.length === 1 ? `for ${groups[0]?.name || groups[0]?.groupId}` : "for";
      insert.disabled = state.vault !== "unlocked" || groups.length === 0;
      if (state.vault !== "unlocked") message.error("grypt is locked: unlock it from its button.");
      else if (groups.length === 0) message.error("No group key yet: join a group first.");
      else if (/locked|group key/.test(message.element.textContent ?? "")) message.clear();
      showLength();
    },
  };
}
