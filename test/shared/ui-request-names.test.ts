/** The popup's identity name follows the protocol's display-name rules, so every server accepts it. */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as v from "valibot";
import { UiRequestSchema } from "../../extension/messages/ui-messages.ts";
import { DisplayName } from "../../shared/protocol/fields.ts";

const create = (name: string) =>
  v.safeParse(UiRequestSchema, { type: "create-identity", name, password: "a good long password" });

test("a name with control characters is refused when the identity is made, not at every connection", () => {
  for (const name of ["Ann\tLee", "Ann\u007f", "two\nlines"]) {
    const parsed = create(name);
    assert.equal(parsed.success, false, JSON.stringify(name));
    assert.match(parsed.issues?.[0]?.message ?? "", /control characters/);
  }
  const trimmed = create("  Ann Lee  ");
  assert.ok(trimmed.success && trimmed.output.type === "create-identity");
  assert.equal(trimmed.output.name, "Ann Lee");
  assert.ok(v.safeParse(DisplayName, trimmed.output.name).success);
});
