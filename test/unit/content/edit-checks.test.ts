/** Checking an in-place replacement, site limits and the user-facing reasons (pure). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkReplacement } from "../../../extension/content/edit/check-replacement.ts";
import { encryptFailureText } from "../../../extension/content/edit/edit-errors.ts";
import {
  countCharacters,
  lengthWarning,
  siteLimit,
} from "../../../extension/content/edit/site-limits.ts";

const TOKEN = "grypt:Abc:1:0123456789abcdefABCDEF";

describe("checkReplacement", () => {
  it("accepts the old text replaced by the new", () => {
    assert.equal(checkReplacement("say secret now", `say ${TOKEN} now`, "secret", TOKEN), "ok");
  });

  it("reports a field that did not take the new text", () => {
    assert.equal(checkReplacement("say secret", "say secret", "secret", TOKEN), "missing");
  });

  it("reports old text left next to the new (inserted at the caret instead of replacing)", () => {
    assert.equal(checkReplacement("secret", `secret${TOKEN}`, "secret", TOKEN), "old-text-left");
  });

  it("counts occurrences: the same words elsewhere in the field are fine", () => {
    assert.equal(checkReplacement("hi and hi", `hi and ${TOKEN}`, "hi", TOKEN), "ok");
    assert.equal(checkReplacement("hi and hi", `hi and hi ${TOKEN}`, "hi", TOKEN), "old-text-left");
  });

  it("reports new text taken twice", () => {
    assert.equal(checkReplacement("secret", `${TOKEN}${TOKEN}`, "secret", TOKEN), "duplicated");
  });

  it("does not find a short plaintext inside the token itself", () => {
    assert.equal(checkReplacement("a", TOKEN, "a", TOKEN), "ok");
  });

  it("ignores invisible characters an editor may add", () => {
    assert.equal(
      checkReplacement("x", `${TOKEN.slice(0, 9)}\u200B${TOKEN.slice(9)}`, "x", TOKEN),
      "ok",
    );
  });

  it("checks insertion only when there is no old text", () => {
    assert.equal(checkReplacement("", TOKEN, "", TOKEN), "ok");
    assert.equal(checkReplacement("before: ", `before: ${TOKEN}`, "", TOKEN), "ok");
    assert.equal(checkReplacement(TOKEN, TOKEN, "", TOKEN), "missing");
  });

  it("reports other text of the field lost with the replacement (an editor's state gone astray)", () => {
    const before = "first para\nsecond para\nthird para";
    const selected = "para\nsecond para\nthird ";
    assert.equal(checkReplacement(before, `first ${TOKEN}para`, selected, TOKEN), "ok");
    assert.equal(checkReplacement(before, `first ${TOKEN}`, selected, TOKEN), "text-lost");
    assert.equal(
      checkReplacement("keep this and this", `${TOKEN} and this`, "this", TOKEN),
      "text-lost",
    );
    assert.equal(checkReplacement("before: ", TOKEN, "", TOKEN), "text-lost");
  });

  it("takes line breaks and spaces between blocks as the editor renders them", () => {
    assert.equal(
      checkReplacement("one\ntwo\n\nthree", `one\n\n${TOKEN}\u00a0\nthree`, "two", TOKEN),
      "ok",
    );
  });
});

describe("site limits", () => {
  it("knows X, Bluesky and Mastodon", () => {
    assert.deepEqual(siteLimit("x.com", false), { site: "X", limit: 280 });
    assert.deepEqual(siteLimit("mobile.twitter.com", false), { site: "X", limit: 280 });
    assert.deepEqual(siteLimit("bsky.app", false), { site: "Bluesky", limit: 300 });
    assert.deepEqual(siteLimit("mastodon.social", false), { site: "Mastodon", limit: 500 });
    assert.deepEqual(siteLimit("social.example", true), { site: "Mastodon", limit: 500 });
    assert.equal(siteLimit("example.org", false), null);
    assert.equal(siteLimit("notx.com", false), null);
  });

  it("warns only above the limit, counting code points", () => {
    assert.equal(countCharacters("a😀b"), 3);
    assert.equal(lengthWarning(280, { site: "X", limit: 280 }), null);
    assert.match(
      lengthWarning(281, { site: "X", limit: 280 }) ?? "",
      /281 characters; X allows 280/,
    );
  });
});

describe("reasons shown to the user", () => {
  it("names the lock when encrypting fails", () => {
    assert.match(
      encryptFailureText({ code: "LOCKED", message: "" }),
      /locked.*Nothing was changed/,
    );
  });
});
