/**
 * One open composer frame, anchored to the field it writes for: placed below (or above) the
 * field and following it as the page scrolls or resizes; put back when the page moves or
 * restyles it; closed when the page removes it or navigates it elsewhere (a page can navigate a
 * cross-origin frame, and what it loads there could pose as the composer), or the signal aborts.
 */
import type { EditTarget } from "../edit/edit-target.ts";
import type { SelectionSnapshot } from "../edit/field-selection.ts";
import { fieldElement } from "./caret-snapshot.ts";
import { createComposerFrame, placeFrame } from "./frame-element.ts";
import { framePosition } from "./frame-position.ts";

export type CloseReason = "closed" | "inserted" | "tampered";

export interface AnchoredComposer {
  readonly id: string;
  readonly target: EditTarget;
  readonly snapshot: SelectionSnapshot | null;
  close(reason: CloseReason): void;
}

export function anchorComposer(
  document: Document,
  options: { id: string; src: string; target: EditTarget; snapshot: SelectionSnapshot | null },
  signal: AbortSignal,
  onClosed: (reason: CloseReason) => void,
): AnchoredComposer {
  const { id, target, snapshot } = options;
  const field = fieldElement(target);
  const view = document.defaultView ?? window;
  const frame = createComposerFrame(document, options.src);
  const stop = new AbortController();
  let applied = "";
  let scheduled = 0;
  let closed = false;

  const place = () => {
    scheduled = 0;
    if (!frame.isConnected) return close("tampered");
    placeFrame(
      frame,
      framePosition(field.getBoundingClientRect(), {
        width: view.innerWidth,
        height: view.innerHeight,
      }),
    );
    applied = frame.style.cssText;
  };
  const schedule = () => {
    if (scheduled === 0) scheduled = view.requestAnimationFrame(place);
  };
  const close = (reason: CloseReason) => {
    if (closed) return;
    closed = true;
    stop.abort();
    if (scheduled !== 0) view.cancelAnimationFrame(scheduled);
    resize.disconnect();
    restyle.disconnect();
    frame.remove();
    onClosed(reason);
  };

  const resize = new ResizeObserver(schedule);
  resize.observe(field);
  // The page restyling the frame (moving, shrinking, hiding it): put it back.
  const restyle = new MutationObserver(() => {
    if (frame.getAttribute("src") !== options.src) close("tampered");
    else if (frame.style.cssText !== applied) place();
  });
  const listen = { capture: true, passive: true, signal: stop.signal };
  view.addEventListener("scroll", schedule, listen);
  view.addEventListener("resize", schedule, listen);
  let loads = 0;
  frame.addEventListener(
    "load",
    () => {
      loads += 1;
      if (loads > 1) return close("tampered");
      frame.focus();
    },
    { signal: stop.signal },
  );
  signal.addEventListener("abort", () => close("closed"), { once: true, signal: stop.signal });

  // Keys typed before the frame has the focus must not land in the site's field.
  field.blur();
  (document.body ?? document.documentElement).append(frame);
  place();
  restyle.observe(frame, { attributes: true, attributeFilter: ["style", "src", "hidden"] });
  return { id, target, snapshot, close };
}
