/**
 * Draws the extension's icon (extension/icons/icon-N.png, N = 16, 32, 48, 128): a white speech
 * bubble holding a padlock on an indigo rounded square. Shapes are signed distance functions in
 * unit coordinates, sampled 4 × 4 per pixel for anti-aliasing, so every size is drawn, not
 * scaled. The PNGs are committed; run this after changing the drawing:
 *   npx tsx scripts/make-icons.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodePng } from "./png-encode.ts";

export const ICON_SIZES = [16, 32, 48, 128] as const;
export const ICON_DIR = join(import.meta.dirname, "..", "extension", "icons");

type Rgb = readonly [number, number, number];
type Point = readonly [number, number];
const INDIGO: Rgb = [0x3b, 0x4c, 0xca];
const WHITE: Rgb = [0xff, 0xff, 0xff];

/** Distance to a rounded rectangle (negative inside). */
function roundRect(
  x: number,
  y: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  r: number,
): number {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Distance to the triangle a, b, c (negative inside). */
function triangle(x: number, y: number, a: Point, b: Point, c: Point): number {
  const points = [a, b, c];
  let inside = true;
  let distance = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const [px, py] = points[i]!;
    const [qx, qy] = points[(i + 1) % 3]!;
    const ex = qx - px;
    const ey = qy - py;
    const t = Math.min(1, Math.max(0, ((x - px) * ex + (y - py) * ey) / (ex * ex + ey * ey)));
    distance = Math.min(distance, Math.hypot(x - px - t * ex, y - py - t * ey));
    if (ex * (y - py) - ey * (x - px) < 0) inside = false;
  }
  return inside ? -distance : distance;
}

/** The colour at (x, y) in [0, 1]², or undefined outside the icon. */
function colourAt(x: number, y: number): Rgb | undefined {
  if (roundRect(x, y, 0, 0, 1, 1, 0.22) > 0) return undefined;
  const bubble = Math.min(
    roundRect(x, y, 0.14, 0.16, 0.86, 0.7, 0.13),
    triangle(x, y, [0.26, 0.62], [0.48, 0.62], [0.22, 0.86]),
  );
  if (bubble > 0) return INDIGO;
  const body = roundRect(x, y, 0.36, 0.4, 0.64, 0.6, 0.035);
  const ring = Math.abs(Math.hypot(x - 0.5, y - 0.4) - 0.085) - 0.03;
  const shackle = y < 0.42 ? ring : Number.POSITIVE_INFINITY;
  return Math.min(body, shackle) <= 0 ? INDIGO : WHITE;
}

/** One icon, RGBA, 16 samples per pixel. */
export function drawIcon(size: number): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const colour = colourAt((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered++;
        }
      }
      const at = (py * size + px) * 4;
      if (covered === 0) continue;
      rgba.set(
        [
          Math.round(r / covered),
          Math.round(g / covered),
          Math.round(b / covered),
          Math.round((255 * covered) / (n * n)),
        ],
        at,
      );
    }
  }
  return rgba;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(ICON_DIR, { recursive: true });
  for (const size of ICON_SIZES) {
    const file = join(ICON_DIR, `icon-${size}.png`);
    writeFileSync(file, encodePng(size, size, drawIcon(size)));
    console.log(`wrote ${file}`);
  }
}
