/**
 * Private writing in the background: "Write privately here" and its shortcut ask the tab to open
 * a composer (the clicked frame, or every frame); the frame's text is encrypted here and the
 * content script is sent the token alone, never the plaintext.
 */
import "./fake-browser.ts"; // first: before any background module
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import {
  onCommand,
  onMenuClicked,
  WRITE_PRIVATELY_COMMAND,
} from "../../extension/background/context-menu.ts";
import { handleUiRequest } from "../../extension/background/ui-requests.ts";
import { memberWithKeys, resetBackground } from "./background-state.ts";
import { fake } from "./fake-browser.ts";

const ID = "AbCdEfGhIjKlMnOpQrStUv";
const SECRET = "only the group reads this";

describe("private writing in the background", () => {
  beforeEach(resetBackground);
  afterEach(resetBackground);

  it("the menu item opens a composer in the frame clicked in, with a fresh id", async () => {
    onMenuClicked({ menuItemId: "write-privately", frameId: 2 }, { id: 7 });
    onMenuClicked({ menuItemId: "write-privately", frameId: 2 }, { id: 7 });
    await new Promise((resolve) => setImmediate(resolve));
    const ids = fake.sent.map((sent) => {
      assert.deepEqual(sent.options, { frameId: 2 });
      const message = sent.message as { type: string; composerId: string };
      assert.equal(message.type, "open-composer");
      assert.match(message.composerId, /^[0-9A-Za-z_-]{22}$/);
      return message.composerId;
    });
    assert.equal(ids.length, 2);
    assert.notEqual(ids[0], ids[1]);
  });

  it("the shortcut asks every frame of the active tab (the one holding the focus acts)", async () => {
    await onCommand(WRITE_PRIVATELY_COMMAND);
    assert.equal(fake.sent.length, 1);
    assert.equal(fake.sent[0]?.tabId, 7);
    assert.equal(fake.sent[0]?.options, undefined);
    assert.equal((fake.sent[0]?.message as { type?: string } | undefined)?.type, "open-composer");
  });

  it("encrypts the frame's text and hands the content script only the token", async () => {
    await memberWithKeys("g1");
    fake.tabReply = { type: "inserted" };
    const reply = await handleUiRequest(
      { type: "composer-insert", composerId: ID, groupId: "g1", plaintext: SECRET },
      7,
    );
    assert.deepEqual(reply, { ok: true });
    assert.equal(fake.sent.length, 1);
    const message = fake.sent[0]?.message as { type: string; composerId: string; token: string };
    assert.equal(message.type, "insert-composed");
    assert.equal(message.composerId, ID);
    assert.match(message.token, /^grypt:g1:\d+:[0-9A-Za-z]+$/);
    assert.ok(!JSON.stringify(fake.sent).includes("only the group"), "plaintext sent to the tab");
  });

  it("says so when the field could not take the token", async () => {
    await memberWithKeys("g1");
    fake.tabReply = { type: "failure", error: { code: "INTERNAL", message: "not inserted" } };
    const reply = await handleUiRequest(
      { type: "composer-insert", composerId: ID, groupId: "g1", plaintext: SECRET },
      7,
    );
    assert.deepEqual(reply, { ok: false, error: { code: "INTERNAL", message: "not inserted" } });
  });

  it("refuses a composer request from a page outside any tab (the popup)", async () => {
    await memberWithKeys("g1");
    const reply = await handleUiRequest({
      type: "composer-insert",
      composerId: ID,
      groupId: "g1",
      plaintext: SECRET,
    });
    assert.equal(reply.ok, false);
    assert.deepEqual(fake.sent, []);
  });
});
