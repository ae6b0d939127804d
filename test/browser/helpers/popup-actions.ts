/** Steps the popup and options tests share: create an identity, join a group, wait for a state. */
import type { Page } from "playwright-core";

export const PASSWORD = "correct horse battery staple";

export const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

/** Create an identity in a fresh popup; resolves with the fingerprint as shown (grouped hex). */
export async function createIdentity(
  popup: Page,
  name = "Alice",
  password = PASSWORD,
): Promise<string> {
  await byTestId(popup, "name").fill(name);
  await byTestId(popup, "password").fill(password);
  await byTestId(popup, "password-repeat").fill(password);
  await byTestId(popup, "create").click();
  const fingerprint = byTestId(popup, "fingerprint");
  await fingerprint.waitFor({ timeout: 60_000 });
  await popup.waitForFunction(
    () => (document.querySelector('[data-testid="fingerprint"]')?.textContent ?? "").length > 0,
  );
  return (await fingerprint.textContent()) ?? "";
}

export async function joinWith(popup: Page, text: string): Promise<void> {
  await byTestId(popup, "join-input").fill(text);
  await byTestId(popup, "join").click();
}

/** Wait until the popup shows a group row in `state` (data-state attribute). */
export async function waitForGroupState(
  page: Page,
  state: string,
  timeout = 30_000,
): Promise<void> {
  await page.locator(`.group[data-state="${state}"]`).first().waitFor({ timeout });
}

/** The member fingerprint as the admin CLI takes it: lowercase hex without spaces. */
export function fingerprintPrefix(shown: string, length = 16): string {
  return shown.replace(/\s+/g, "").toLowerCase().slice(0, length);
}
