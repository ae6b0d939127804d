/**
 * The extension's icons: every size the manifest names exists as a PNG of that size, and is what
 * scripts/make-icons.ts draws now (the committed files and the drawing cannot drift apart). The
 * PNG encoder's CRC-32 is checked on known answers (and against node:zlib's where Node has one),
 * its data with node:zlib's inflate.
 */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import * as zlib from "node:zlib";
import * as v from "valibot";
import { drawIcon, ICON_DIR, ICON_SIZES } from "../../../scripts/make-icons.ts";
import { crc32, encodePng } from "../../../scripts/png-encode.ts";
import { ROOT } from "../../helpers/root.ts";

const IconMap = v.record(v.string(), v.string());
const Manifest = v.object({ icons: IconMap, action: v.object({ default_icon: IconMap }) });

/** The chunks of a PNG, each CRC checked. */
function chunks(png: Buffer): Array<{ type: string; data: Buffer }> {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const out: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const body = png.subarray(at + 4, at + 8 + length);
    assert.equal(png.readUInt32BE(at + 8 + length), crc32(body), "chunk CRC");
    out.push({ type: body.subarray(0, 4).toString("latin1"), data: body.subarray(4) });
    at += length + 12;
  }
  return out;
}

test("every icon the manifest names is a PNG of its size, as make-icons.ts draws it", () => {
  const manifest = v.parse(Manifest, JSON.parse(readFileSync(join(ROOT, "manifest.json"), "utf8")));
  const named = { ...manifest.icons, ...manifest.action.default_icon };
  assert.ok(Object.keys(named).length >= 4);
  for (const [size, path] of Object.entries(named)) {
    const png = readFileSync(join(ROOT, "extension", path));
    const [header] = chunks(png);
    assert.equal(header?.type, "IHDR");
    assert.deepEqual(
      [header.data.readUInt32BE(0), header.data.readUInt32BE(4)],
      [Number(size), Number(size)],
      path,
    );
    assert.ok(
      ICON_SIZES.includes(Number(size) as (typeof ICON_SIZES)[number]),
      `${path}: make-icons.ts draws it`,
    );
    assert.ok(
      encodePng(Number(size), Number(size), drawIcon(Number(size))).equals(png),
      `${path} is stale: run npx tsx scripts/make-icons.ts`,
    );
  }
  assert.equal(ICON_DIR, join(ROOT, "extension", "icons"));
});

test("crc32: the standard check value, PNG's IEND chunk, and node:zlib's where it exists", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
  assert.equal(crc32(new TextEncoder().encode("IEND")), 0xae426082);
  assert.equal(crc32(new Uint8Array(0)), 0);
  const platform = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  const sample = Uint8Array.from({ length: 1000 }, (_, i) => (i * 131) & 0xff);
  if (platform) assert.equal(crc32(sample), platform(sample));
});

test("encodePng: RGBA rows, filter byte 0, inflate back to the pixels; bad input refused", () => {
  const rgba = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) & 0xff);
  const parts = chunks(encodePng(3, 2, rgba));
  assert.deepEqual(
    parts.map((c) => c.type),
    ["IHDR", "IDAT", "IEND"],
  );
  assert.deepEqual([...parts[0]!.data.subarray(8)], [8, 6, 0, 0, 0]);
  const rows = zlib.inflateSync(parts[1]!.data);
  assert.deepEqual([...rows], [0, ...rgba.subarray(0, 12), 0, ...rgba.subarray(12)]);
  assert.throws(() => encodePng(3, 2, rgba.subarray(1)), /expected 24 bytes, got 23/);
  assert.throws(() => encodePng(0, 2, new Uint8Array(0)), /bad size/);
});

test("the icon is opaque inside its rounded square and transparent in the corners", () => {
  const size = 48;
  const rgba = drawIcon(size);
  const alpha = (x: number, y: number) => rgba[(y * size + x) * 4 + 3];
  assert.equal(alpha(0, 0), 0);
  assert.equal(alpha(size - 1, size - 1), 0);
  assert.equal(alpha(size / 2, size / 2), 255);
  assert.equal(alpha(size / 2, 1), 255, "the top edge's middle");
});
