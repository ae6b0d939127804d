/**
 * One character rule for names: the protocol's display and group names and the popup's name
 * field refuse C0 and C1 controls, DEL, line separators and bidi controls alike, and names in
 * files written before the rule still load.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as v from "valibot";
import { UiRequestSchema } from "../../extension/messages/ui-messages.ts";
import {
  DisplayName,
  GroupName,
  StoredDisplayName,
  StoredGroupName,
} from "../../shared/protocol/fields.ts";
import { makeClient, makeIdentity, until } from "../helpers/member-client-fixture.ts";
import { ScriptedServer } from "../helpers/scripted-server.ts";

const refused = [
  "Al\u0000ice",
  "Al\tice",
  "Al\nice",
  "Al\rice",
  "\u001b]0;PWNED\u0007",
  "Al\u007fice",
  "Al\u0080ice",
  "Al\u009b2Jice",
  "Al\u009fice",
  "line\u2028separator",
  "para\u2029separator",
  ...["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"].map(
    (c) => `Al${c}ice`,
  ),
];
const accepted = ["Alice", "Ann Lee", "Zoë 😀", "עברית", "中文名", "a\u200db", "x".repeat(64)];

const popupName = (name: string) =>
  v.safeParse(UiRequestSchema, { type: "create-identity", name, password: "a good long password" })
    .success;

test("display names, group names and the popup's name refuse control and bidi characters", () => {
  for (const name of refused) {
    const shown = JSON.stringify(name);
    assert.equal(v.is(DisplayName, name), false, shown);
    assert.equal(v.is(GroupName, name), false, shown);
    assert.equal(popupName(name), false, shown);
  }
  for (const name of accepted) {
    const shown = JSON.stringify(name);
    assert.equal(v.is(DisplayName, name), true, shown);
    assert.equal(v.is(GroupName, name), true, shown);
    assert.equal(popupName(name), true, shown);
  }
  const issue = v.safeParse(DisplayName, "Al\u009bice").issues?.[0]?.message ?? "";
  assert.match(issue, /control characters or bidi controls/);
});

test("names stored before the rule (C1 and bidi then allowed) still load; C0 never did", () => {
  assert.ok(v.is(StoredDisplayName, "Al\u009b2Jice \u202eevil"));
  assert.ok(v.is(StoredGroupName, "Book\u009b club \u202e"));
  assert.equal(v.is(StoredDisplayName, "Al\nice"), false);
  assert.equal(v.is(StoredDisplayName, ""), false);
});

test("a member client with a name stored before the rule sends it with U+FFFD, which servers accept", async () => {
  const server = await ScriptedServer.create();
  const identity = await makeIdentity();
  const rec = makeClient(server, identity, { name: "Al\u009b2Jice \u202eevil" });
  rec.client.start();
  try {
    await until(rec.client, (s) => s.state === "member");
    const name = server.receivedOf("auth")[0]?.name;
    assert.equal(name, "Al\uFFFD2Jice \uFFFDevil");
    assert.ok(v.is(DisplayName, name));
  } finally {
    rec.client.stop();
  }
  assert.throws(() => makeClient(server, identity, { name: "Al\nice" }), {
    code: "INVALID_ARGUMENT",
  });
});
