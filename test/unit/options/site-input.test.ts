/** The options page's "another site" field: hosts, host:port and pasted addresses (pure). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseSiteInput, permissionHint } from "../../../extension/options/site-input.ts";

function host(input: string): string | null {
  const site = parseSiteInput(input);
  return site.ok ? site.host : null;
}

describe("parseSiteInput", () => {
  it("takes a bare host, a wildcard host and an IP address", () => {
    assert.equal(host("Mastodon.Example"), "mastodon.example");
    assert.equal(host("*.example.org"), "*.example.org");
    assert.equal(host(" 127.0.0.1 "), "127.0.0.1");
  });

  it("takes a host:port, keeping the port to explain it", () => {
    const site = parseSiteInput("127.0.0.1:8088");
    assert.deepEqual(site, {
      ok: true,
      host: "127.0.0.1",
      port: "8088",
      pattern: "*://127.0.0.1/*",
    });
    assert.match(permissionHint(site), /any port, not only 8088/);
  });

  it("takes a pasted address, with or without its scheme", () => {
    assert.equal(host("https://social.example:8443/@alice?x=1"), "social.example");
    assert.equal(host("social.example/@alice"), "social.example");
    assert.equal(host("http://[::1]:8080/"), "[::1]");
  });

  it("refuses what names no host", () => {
    for (const input of [
      "",
      "not a host/with path",
      "https://",
      "user:pw@example.org",
      "a_b.example",
    ])
      assert.equal(parseSiteInput(input).ok, false, input);
  });

  it("says what the browser will be asked for", () => {
    assert.equal(
      permissionHint(parseSiteInput("mastodon.example")),
      "The browser will ask to let grypt read mastodon.example (*://mastodon.example/*), over http and https, on any port.",
    );
  });
});
