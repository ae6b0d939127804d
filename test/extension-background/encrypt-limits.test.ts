/** A post whose token would be longer than feeds read is refused when it is encrypted, not left unreadable. */
import "./fake-browser.ts"; // first: before any background module
import assert from "node:assert/strict";
import { afterEach, beforeEach, it } from "node:test";
import { encryptForGroup } from "../../extension/background/content-requests.ts";
import { MAX_TOKEN_CHARS } from "../../extension/messages/content-messages.ts";
import { codeOf } from "../helpers/error-code.ts";
import { memberWithKeys, resetBackground } from "./background-state.ts";

beforeEach(resetBackground);
afterEach(resetBackground);

it("refuses plaintext whose token would pass MAX_TOKEN_CHARS, by bytes rather than characters", async () => {
  await memberWithKeys("g1");
  const fits = await encryptForGroup("a".repeat(40_000), "g1");
  assert.ok(fits.token.length <= MAX_TOKEN_CHARS);
  assert.equal(await codeOf(() => encryptForGroup("a".repeat(50_000), "g1")), "INVALID_ARGUMENT");
  // 20,000 characters of three UTF-8 bytes each: fewer characters, a longer token.
  assert.equal(await codeOf(() => encryptForGroup("€".repeat(20_000), "g1")), "INVALID_ARGUMENT");
});
