/**
 * Where the composer frame goes: just below the field when it fits in the viewport, else above
 * it, else over the field's lower part; as wide as the field within bounds. Viewport pixels.
 */

export interface Box {
  top: number;
  left: number;
  width: number;
  height: number;
}

export const FRAME_HEIGHT = 168;
const MIN_WIDTH = 380;
const MAX_WIDTH = 560;
const GAP = 4;
const MARGIN = 8;

export function framePosition(
  field: DOMRectReadOnly,
  viewport: { width: number; height: number },
): Box {
  const width = Math.min(
    Math.max(field.width, MIN_WIDTH),
    MAX_WIDTH,
    Math.max(viewport.width - 2 * MARGIN, 0),
  );
  const left = Math.min(Math.max(field.left, MARGIN), viewport.width - width - MARGIN);
  const below = field.bottom + GAP;
  const above = field.top - GAP - FRAME_HEIGHT;
  let top: number;
  if (below + FRAME_HEIGHT <= viewport.height - MARGIN) top = below;
  else if (above >= MARGIN) top = above;
  else top = Math.max(MARGIN, Math.min(below, viewport.height - FRAME_HEIGHT - MARGIN));
  return { top, left: Math.max(left, 0), width, height: FRAME_HEIGHT };
}
