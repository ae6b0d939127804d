/**
 * Auto-decrypt per site. Known social sites come switched on; any other host is switched on
 * here, which asks the browser for permission to read that site (in the click's user gesture).
 * The field takes a host, a host:port or a pasted address, and says what will be asked for.
 */
import browser from "webextension-polyfill";
import type { SiteView, UiState } from "../messages/ui-messages.ts";
import { busy, field, h, messageLine, replaceChildren } from "../ui-shared/dom.ts";
import { errorText, request } from "../ui-shared/request.ts";
import type { View } from "../ui-shared/view.ts";
import { parseSiteInput, permissionHint } from "./site-input.ts";

const pattern = (host: string) => `*://${host}/*`;

async function enable(host: string): Promise<void> {
  const granted = await browser.permissions.request({ origins: [pattern(host)] });
  if (!granted) throw new Error(`permission to read ${host} was not granted`);
  await request({ type: "set-site", host, enabled: true });
}

function siteRow(site: SiteView, fail: (error: unknown) => void): HTMLElement {
  const box = h("input", { testId: `site-${site.host}`, attrs: { type: "checkbox" } });
  box.checked = site.enabled && site.granted;
  box.addEventListener("change", () => {
    const on = box.checked;
    (on
      ? enable(site.host)
      : request({ type: "set-site", host: site.host, enabled: false }).then(() => undefined)
    ).catch((error) => {
      box.checked = !on;
      fail(error);
    });
  });
  const remove = h("button", {
    className: "danger",
    text: "Remove",
    testId: `remove-${site.host}`,
  });
  remove.addEventListener(
    "click",
    () =>
      void busy(
        remove,
        async () => void (await request({ type: "remove-site", host: site.host })),
        fail,
      ),
  );
  return h("div", { className: "site" }, [
    h("label", {}, [box, h("span", { text: site.host })]),
    site.enabled && !site.granted
      ? h("span", { className: "muted", text: "permission missing" })
      : null,
    site.known ? h("span", { className: "muted", text: "social site" }) : remove,
  ]);
}

export function sitesSection(): View {
  const list = h("div", { testId: "sites" });
  const message = messageLine("sites-message");
  const fail = (error: unknown) =>
    message.error(error instanceof Error && !("code" in error) ? error.message : errorText(error));
  const input = h("input", {
    testId: "site-input",
    attrs: { placeholder: "mastodon.example or https://mastodon.example:8443/" },
  });
  const hint = h("p", { className: "muted", testId: "site-hint" });
  const showHint = () => {
    hint.textContent = permissionHint(parseSiteInput(input.value));
  };
  showHint();
  input.addEventListener("input", showHint);
  const add = h("button", { text: "Add site", testId: "site-add", attrs: { type: "submit" } });
  const form = h("form", { className: "row" }, [
    field("Another site (host, host:port or address)", input),
    add,
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    message.clear();
    const site = parseSiteInput(input.value);
    if (!site.ok) return message.error(site.message);
    void busy(
      add,
      async () => {
        await enable(site.host);
        input.value = "";
        showHint();
      },
      fail,
    );
  });
  return {
    element: h("section", {}, [
      h("h2", { text: "Sites where grypt decrypts posts" }),
      h("p", {
        className: "muted",
        text: "grypt reads only the sites switched on here. Changes apply to pages loaded afterwards.",
      }),
      list,
      form,
      hint,
      message.element,
    ]),
    update(state: UiState) {
      replaceChildren(
        list,
        state.sites.map((site) => siteRow(site, fail)),
      );
    },
  };
}
