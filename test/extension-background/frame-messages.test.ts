/**
 * Editing requests reach every frame of the tab (the content script of the frame holding the
 * focus acts, the others stay silent), except a context-menu click, which names its frame.
 */
import "./fake-browser.ts"; // first: before any background module
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import {
  ENCRYPT_COMMAND,
  onCommand,
  onMenuClicked,
} from "../../extension/background/context-menu.ts";
import { handleUiRequest } from "../../extension/background/ui-requests.ts";
import { resetBackground } from "./background-state.ts";
import { fake } from "./fake-browser.ts";

describe("messages to the tab's frames", () => {
  beforeEach(resetBackground);
  afterEach(resetBackground);

  it("the keyboard shortcut asks every frame to encrypt in place", async () => {
    await onCommand(ENCRYPT_COMMAND);
    assert.deepEqual(fake.sent, [
      { tabId: 7, message: { type: "encrypt-in-place" }, options: undefined },
    ]);
  });

  it("inserting the composer's text asks every frame", async () => {
    fake.tabReply = { type: "inserted" };
    assert.deepEqual(await handleUiRequest({ type: "insert-into-tab", text: "grypt:x" }), {
      ok: true,
    });
    assert.deepEqual(fake.sent, [
      { tabId: 7, message: { type: "insert-text", text: "grypt:x" }, options: undefined },
    ]);
  });

  it("a context-menu click goes to the frame clicked in", async () => {
    onMenuClicked({ menuItemId: "encrypt-for:G1", frameId: 3 }, { id: 7 });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(fake.sent, [
      { tabId: 7, message: { type: "encrypt-in-place", groupId: "G1" }, options: { frameId: 3 } },
    ]);
  });
});
