/**
 * Composer frame entry: an extension page shown in an iframe over the site's compose field. It
 * listens to no `message` events (a page can post to any frame); it talks to the background only.
 */
import { h } from "../ui-shared/dom.ts";
import { errorText } from "../ui-shared/request.ts";
import { watchState } from "../ui-shared/watch-state.ts";
import { composerView } from "./composer-view.ts";
import { readFrameParams } from "./frame-params.ts";

const app = document.getElementById("app")!;
const params = readFrameParams(location.hash);
if (params === null) {
  app.append(h("p", { className: "message error", text: "This composer was opened wrongly." }));
} else {
  const view = composerView(params);
  app.append(view.element);
  view.focus();
  window.addEventListener("focus", () => view.focus());
  watchState(view.update, (error) => {
    app.append(h("p", { className: "message error", text: errorText(error) }));
  });
}
