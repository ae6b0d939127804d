/**
 * One open composer frame, anchored to the field it writes for: placed below (or above) the
 * field and following it as the page scrolls or resizes; put back when the page moves or
 * restyles it; closed when the page removes it or navigates it elsewhere (a page can navigate a
 * cross-origin frame, and what it loads there could pose as the composer), or the signal aborts.
 */
import type { EditTarget } from "../edit/edit-target.ts";
import type { SelectionSnapshot } from "../edit/field-selection.ts";
import { fieldElement } from "./caret-snapshot.ts";
import { createComposerFrame, styleFrame } from "./frame-element.ts";
import { framePosition } from "./frame-position.ts";

export type CloseReason = "closed" | "inserted" | "tampered";

export interface AnchoredComposer {
  readonly id: string;
  readonly target: EditTarget;
  readonly snapshot: SelectionSnapshot | null;
  close(reason: CloseReason): void;
  /** Gives the composer the focus back (after a failed insertion moved it to the field). */
  focus(): void;
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
  let shown = false;

  const place = () => {
    const viewport = { width: view.innerWidth, height: view.innerHeight };
    styleFrame(frame, framePosition(field.getBoundingClientRect(), viewport), shown);
    applied = frame.style.cssText;
  };
  const schedule = () => {
    if (scheduled !== 0) return;
    scheduled = view.requestAnimationFrame(() => {
      scheduled = 0;
      if (frame.isConnected) place();
      else close("tampered");
    });
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
    if (!frame.isConnected || frame.getAttribute("src") !== options.src) close("tampered");
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
      // Shown and focused in one task: the user never sees a composer that does not have the
      // keys, and keys pressed before it shows went where the user saw them go.
      field.blur();
      shown = true;
      place();
      frame.focus();
    },
    { signal: stop.signal },
  );
  signal.addEventListener("abort", () => close("closed"), { once: true, signal: stop.signal });

  // Hidden until its document has loaded: before that, keys would go to the frame's initial
  // about:blank document, which belongs to the page.
  place();
  (document.body ?? document.documentElement).append(frame);
  restyle.observe(frame, { attributes: true, attributeFilter: ["style", "src", "hidden"] });
  if (frame.parentNode !== null) restyle.observe(frame.parentNode, { childList: true });
  return { id, target, snapshot, close, focus: () => frame.focus() };
}
