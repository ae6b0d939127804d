/**
 * One capturing listener for all marks: a click (or Enter/Space) on a decrypted mark shows the
 * original and back. Capturing on the window runs before the site's own handlers, so clicking
 * a mark inside a post that is a link toggles it instead of opening the post.
 */
import type { TokenMark } from "./token-mark.ts";

export function listenToMarkClicks(
  window: Window,
  marks: WeakMap<Element, TokenMark>,
  signal: AbortSignal,
): void {
  const onActivate = (event: Event): void => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const element = target.closest("[data-grypt]");
    const mark = element === null ? undefined : marks.get(element);
    if (mark === undefined) return;
    if (event instanceof KeyboardEvent && event.key !== "Enter" && event.key !== " ") return;
    if (!mark.toggle()) return;
    event.preventDefault();
    event.stopPropagation();
  };
  window.addEventListener("click", onActivate, { capture: true, signal });
  window.addEventListener("keydown", onActivate, { capture: true, signal });
}
