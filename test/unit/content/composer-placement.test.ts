/** Where the private composer frame goes, and the frame's address (pure functions). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { frameHash, readFrameParams } from "../../../extension/composer-frame/frame-params.ts";
import { FRAME_HEIGHT, framePosition } from "../../../extension/content/compose/frame-position.ts";

const rect = (left: number, top: number, width: number, height: number) =>
  ({ left, top, width, height, right: left + width, bottom: top + height }) as DOMRectReadOnly;
const VIEWPORT = { width: 1000, height: 800 };

describe("composer frame placement", () => {
  it("goes just below the field, as wide as the field within bounds", () => {
    assert.deepEqual(framePosition(rect(100, 50, 400, 80), VIEWPORT), {
      top: 134,
      left: 100,
      width: 400,
      height: FRAME_HEIGHT,
    });
    assert.equal(framePosition(rect(100, 50, 100, 80), VIEWPORT).width, 380);
    assert.equal(framePosition(rect(0, 50, 990, 80), VIEWPORT).width, 560);
  });

  it("goes above a field at the bottom of the viewport, and stays inside the viewport", () => {
    const box = framePosition(rect(900, 700, 300, 60), VIEWPORT);
    assert.equal(box.top, 700 - 4 - FRAME_HEIGHT);
    assert.ok(box.left + box.width <= VIEWPORT.width - 8);
  });

  it("overlaps a field that fills the viewport rather than leave it", () => {
    const box = framePosition(rect(0, 0, 1000, 800), VIEWPORT);
    assert.ok(box.top >= 8 && box.top + box.height <= 792);
  });
});

describe("composer frame address", () => {
  it("round-trips the id and the site's limit", () => {
    const params = { id: "AbCdEfGhIjKlMnOpQrSt-_", site: "X", limit: 280 };
    assert.deepEqual(readFrameParams(frameHash(params)), params);
    assert.deepEqual(readFrameParams(frameHash({ id: params.id })), { id: params.id });
  });

  it("refuses an address a page made up", () => {
    for (const hash of ["", "#id=short", "#id=AbCdEfGhIjKlMnOpQrSt-_&limit=-1", "#id=<b>x</b>"])
      assert.equal(readFrameParams(hash), null, hash);
  });
});
