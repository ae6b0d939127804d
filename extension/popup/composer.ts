/**
 * Secure compose: the plaintext is typed here, in the extension's own page, and only the token
 * reaches the site (copied, or inserted into the focused field of the active tab).
 */
import { utf8Encode } from "../../shared/bytes.ts";
import { postTokenLength } from "../../shared/post-token.ts";
import type { GroupView } from "../messages/ui-messages.ts";
import { busy, field, h, messageLine, replaceChildren } from "../ui-shared/dom.ts";
import { errorText, request } from "../ui-shared/request.ts";
import type { View } from "../ui-shared/view.ts";
import { limitsText } from "./site-limits.ts";

export function composer(): View {
  const select = h("select", { testId: "compose-group" });
  const text = h("textarea", {
    testId: "compose-text",
    attrs: { rows: "3", placeholder: "Only your group can read this" },
  });
  const length = h("div", { className: "muted", testId: "compose-length" });
  const output = h("textarea", { testId: "compose-token", attrs: { rows: "3", readonly: "" } });
  const message = messageLine("compose-message");
  const encrypt = h("button", { className: "primary", text: "Encrypt", testId: "compose-encrypt" });
  const copy = h("button", { text: "Copy", testId: "compose-copy" });
  const insert = h("button", { text: "Insert into page", testId: "compose-insert" });
  const result = h("div", {}, [output, h("div", { className: "row" }, [copy, insert])]);
  result.hidden = true;
  let groups: GroupView[] = [];

  const showLength = (chars: number, exact: boolean) => {
    const { text: line, over } = limitsText(chars);
    length.textContent = exact ? line : `about ${line}`;
    length.className = over ? "muted over-limit" : "muted";
  };
  const estimate = () => {
    const group = groups.find((g) => g.groupId === select.value);
    if (!group) return;
    showLength(
      postTokenLength(group.groupId, Math.max(1, group.epoch), utf8Encode(text.value).length),
      false,
    );
  };
  // A token on show keeps its exact length until the text or group it was made from changes;
  // state pushes (a rotation, a reconnect) must not turn it back into an estimate.
  const edited = () => {
    result.hidden = true;
    estimate();
  };
  text.addEventListener("input", edited);
  select.addEventListener("change", edited);
  const fail = (error: unknown) => message.error(errorText(error));
  encrypt.addEventListener("click", () => {
    message.clear();
    void busy(
      encrypt,
      async () => {
        const reply = await request({
          type: "compose",
          groupId: select.value,
          plaintext: text.value,
        });
        output.value = reply.token;
        result.hidden = false;
        showLength(reply.length, true);
      },
      fail,
    );
  });
  copy.addEventListener("click", () => {
    void busy(
      copy,
      async () => {
        await navigator.clipboard.writeText(output.value);
        message.info("Copied. Paste it into your post.");
      },
      fail,
    );
  });
  insert.addEventListener("click", () => {
    void busy(
      insert,
      async () => {
        await request({ type: "insert-into-tab", text: output.value });
        message.info("Inserted into the page.");
      },
      fail,
    );
  });

  const element = h("section", { testId: "composer" }, [
    h("h2", { text: "Write a private post" }),
    field("Group", select),
    field("Message", text),
    length,
    encrypt,
    result,
    message.element,
  ]);
  return {
    element,
    update(state) {
      groups = state.groups.filter((g) => g.keyCount > 0);
      element.hidden = groups.length === 0;
      const selected = select.value || state.defaultGroupId || "";
      replaceChildren(
        select,
        groups.map((g) => h("option", { text: g.name || g.groupId, attrs: { value: g.groupId } })),
      );
      if (groups.some((g) => g.groupId === selected)) select.value = selected;
      if (select.value !== selected) result.hidden = true;
      if (result.hidden) estimate();
    },
  };
}
