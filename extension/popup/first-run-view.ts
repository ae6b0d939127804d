/** First run: create an identity protected by a password (asked twice), or import a key backup. */
import { busy, field, h, messageLine } from "../ui-shared/dom.ts";
import { passwordStrength } from "../ui-shared/password-strength.ts";
import { errorText, request } from "../ui-shared/request.ts";
import type { View } from "../ui-shared/view.ts";

function createForm(): HTMLElement {
  const name = h("input", {
    testId: "name",
    attrs: { autocomplete: "nickname", maxlength: "64", placeholder: "how the admin will see you" },
  });
  const password = h("input", {
    testId: "password",
    attrs: { type: "password", autocomplete: "new-password" },
  });
  const repeat = h("input", {
    testId: "password-repeat",
    attrs: { type: "password", autocomplete: "new-password" },
  });
  const hint = h("span", {
    className: "muted",
    testId: "strength",
    text: passwordStrength("").text,
  });
  const message = messageLine("create-message");
  password.addEventListener("input", () => {
    const strength = passwordStrength(password.value);
    hint.textContent = strength.text;
    hint.className = `muted strength-${strength.level}`;
  });
  const button = h("button", {
    className: "primary",
    text: "Create identity",
    testId: "create",
    attrs: { type: "submit" },
  });
  const form = h("form", {}, [
    h("h2", { text: "Create your identity" }),
    h("p", {
      className: "muted",
      text: "grypt makes a key pair for you. Your password encrypts it in this browser.",
    }),
    field("Your name", name),
    field("Password", password, hint),
    field("Password again", repeat),
    button,
    message.element,
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    message.clear();
    if (name.value.trim() === "") return message.error("Enter a name.");
    if (password.value.length < 8) return message.error("Use a password of at least 8 characters.");
    if (password.value !== repeat.value) return message.error("The two passwords differ.");
    button.textContent = "Creating keys…";
    void busy(
      button,
      async () => {
        await request({
          type: "create-identity",
          name: name.value.trim(),
          password: password.value,
        });
      },
      (error) => message.error(errorText(error)),
    );
  });
  return h("section", {}, [form]);
}

function importForm(): HTMLElement {
  const file = h("input", {
    testId: "backup-file",
    attrs: { type: "file", accept: ".json,application/json" },
  });
  const password = h("input", {
    testId: "backup-password",
    attrs: { type: "password", autocomplete: "current-password" },
  });
  const message = messageLine("import-message");
  const button = h("button", {
    text: "Import backup",
    testId: "import",
    attrs: { type: "submit" },
  });
  const form = h("form", {}, [
    h("h2", { text: "Or import a key backup" }),
    field("Backup file", file),
    field("Its password", password),
    button,
    message.element,
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    message.clear();
    const chosen = file.files?.[0];
    if (!chosen) return message.error("Choose the backup file.");
    void busy(
      button,
      async () => {
        await request({
          type: "import-backup",
          file: await chosen.text(),
          password: password.value,
        });
      },
      (error) => message.error(errorText(error)),
    );
  });
  return h("section", {}, [form]);
}

export function firstRunView(): View {
  return { element: h("div", { testId: "first-run" }, [createForm(), importForm()]), update() {} };
}
