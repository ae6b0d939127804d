/** Key backup: download the password-encrypted vault file, or replace the identity with one. */
import { busy, field, h, messageLine } from "../ui-shared/dom.ts";
import { errorText, request } from "../ui-shared/request.ts";
import type { View } from "../ui-shared/view.ts";

function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = h("a", { attrs: { href: url, download: fileName } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * `canExport`: an identity exists and is unlocked (before the first run, and while locked, there
 * is only import); `importNote`: a line above the import form.
 */
export function backupSection(canExport = true, importNote?: string): View {
  const message = messageLine("backup-message");
  const fail = (error: unknown) => message.error(errorText(error));
  const exportButton = h("button", {
    className: "primary",
    text: "Download key backup",
    testId: "export-backup",
  });
  exportButton.addEventListener("click", () => {
    message.clear();
    void busy(
      exportButton,
      async () => {
        const reply = await request({ type: "export-backup" });
        download(reply.file, reply.fileName);
        message.info(`Saved ${reply.fileName}. It is encrypted with your current password.`);
      },
      fail,
    );
  });
  const file = h("input", {
    testId: "import-file",
    attrs: { type: "file", accept: ".json,application/json" },
  });
  const password = h("input", {
    testId: "import-password",
    attrs: { type: "password", autocomplete: "current-password" },
  });
  const importButton = h("button", { text: "Import backup", testId: "import-backup" });
  importButton.addEventListener("click", () => {
    message.clear();
    const chosen = file.files?.[0];
    if (!chosen) return message.error("Choose the backup file.");
    if (!confirm("Replace the identity in this browser with the one in the backup?")) return;
    void busy(
      importButton,
      async () => {
        await request({
          type: "import-backup",
          file: await chosen.text(),
          password: password.value,
        });
        message.info("Backup imported.");
      },
      fail,
    );
  });
  return {
    element: h("section", { testId: "backup" }, [
      h("h2", { text: "Key backup" }),
      canExport
        ? h("p", {
            className: "muted",
            text: "The backup holds your private keys, encrypted with your password. Keep it somewhere safe.",
          })
        : null,
      canExport ? exportButton : null,
      h("h2", { text: "Import a backup", attrs: { style: "margin-top:12px" } }),
      importNote ? h("p", { className: "muted", text: importNote, testId: "import-note" }) : null,
      field("Backup file", file),
      field("Its password", password),
      importButton,
      message.element,
    ]),
    update() {},
  };
}
