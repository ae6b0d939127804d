import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GryptError } from "../../shared/errors.ts";
import { formatInvite, parseInvite, parseServerUrl } from "../../shared/invite.ts";

const FP = "0123456789abcdef".repeat(4);

function rejects(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof GryptError);
    assert.equal(error.code, "INVALID_ARGUMENT");
    assert.match(error.message, pattern);
    return true;
  });
}

describe("parseServerUrl", () => {
  it("accepts ws and wss URLs and returns their canonical form", () => {
    assert.equal(parseServerUrl("ws://127.0.0.1:8080"), "ws://127.0.0.1:8080/");
    assert.equal(
      parseServerUrl("  wss://Groups.Example.org/grypt \n"),
      "wss://groups.example.org/grypt",
    );
    assert.equal(parseServerUrl("ws://[::1]:9000/"), "ws://[::1]:9000/");
  });

  it("rejects http(s) URLs with a hint", () => {
    rejects(() => parseServerUrl("https://example.org/g"), /did you mean wss:\/\/example\.org\/g/);
    rejects(() => parseServerUrl("http://localhost:80"), /did you mean ws:\/\/localhost/);
  });

  it("rejects other schemes, garbage, credentials, fragments and empty input", () => {
    rejects(() => parseServerUrl("ftp://example.org"), /ws:\/\/ or wss:\/\//);
    rejects(() => parseServerUrl("example.org:8080"), /ws:\/\/ or wss:\/\//);
    rejects(() => parseServerUrl("not a url"), /spaces/);
    rejects(() => parseServerUrl("nonsense"), /not a URL/);
    rejects(() => parseServerUrl("ws://user:pw@example.org"), /user name or password/);
    rejects(() => parseServerUrl("ws://example.org/#x"), /fragment/);
    rejects(() => parseServerUrl("   "), /empty/);
    rejects(() => parseServerUrl(`ws://example.org/${"a".repeat(3000)}`), /longer than/);
  });
});

describe("invites", () => {
  it("round-trips and tolerates surrounding whitespace", () => {
    const line = formatInvite({ url: "wss://example.org/g", fingerprintHex: FP });
    assert.equal(line, `grypt-invite:1:${FP}:wss://example.org/g`);
    assert.deepEqual(parseInvite(`\n  ${line}\t `), {
      url: "wss://example.org/g",
      fingerprintHex: FP,
    });
    assert.deepEqual(parseInvite(`grypt-invite:1:${FP}:ws://127.0.0.1:4000`), {
      url: "ws://127.0.0.1:4000/",
      fingerprintHex: FP,
    });
  });

  it("rejects a wrong prefix, version, fingerprint or URL with a clear message", () => {
    rejects(() => parseInvite(`grypt:1:${FP}:ws://h`), /starts with "grypt-invite:1:"/);
    rejects(() => parseInvite(`grypt-invite:2:${FP}:ws://h`), /unsupported invite version "2"/);
    rejects(() => parseInvite(`grypt-invite:1:${FP.toUpperCase()}:ws://h`), /64 lowercase hex/);
    rejects(() => parseInvite(`grypt-invite:1:${FP.slice(1)}:ws://h`), /64 lowercase hex/);
    rejects(() => parseInvite(`grypt-invite:1:${FP}`), /incomplete/);
    rejects(() => parseInvite(`grypt-invite:1:${FP}:https://h/x`), /did you mean wss/);
    rejects(() => parseInvite(`grypt-invite:1:${FP}:ws://h x`), /spaces/);
    rejects(() => parseInvite(`grypt-invite:1:${FP}:`), /empty/);
    rejects(() => parseInvite(`x grypt-invite:1:${FP}:ws://h`), /starts with/);
  });

  it("formatInvite checks its fingerprint and URL", () => {
    rejects(() => formatInvite({ url: "ws://h", fingerprintHex: "abc" }), /64 lowercase hex/);
    rejects(() => formatInvite({ url: "http://h", fingerprintHex: FP }), /ws:\/\//);
  });
});
