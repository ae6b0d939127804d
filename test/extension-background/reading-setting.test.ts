/**
 * The reading mode a storage change names: only well-formed settings that say so switch posts
 * into the page's own text; anything else (a damaged or foreign value) keeps private reading.
 */
import "./fake-browser.ts";
import assert from "node:assert/strict";
import { test } from "node:test";
import { readsInPage } from "../../extension/background/stored-state.ts";

test("in-page reading only when well-formed settings ask for it", () => {
  const settings = { autoLockMinutes: 15, sites: {} };
  assert.equal(readsInPage({ ...settings, readInPage: true }), true);
  assert.equal(readsInPage({ ...settings, readInPage: false }), false);
  assert.equal(readsInPage(settings), false);
  assert.equal(readsInPage(undefined), false);
  assert.equal(readsInPage({ readInPage: true }), false, "settings missing their other fields");
  assert.equal(readsInPage({ ...settings, readInPage: "yes" }), false);
  assert.equal(readsInPage({ ...settings, sites: { x: "on" }, readInPage: true }), false);
});
