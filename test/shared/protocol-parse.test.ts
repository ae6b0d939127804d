/**
 * Every protocol message through its parser: valid ones come back typed; wrong types, missing or
 * extra fields, huge strings, invalid base64 and wrong sizes are each rejected with their code.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { randomBytes, toBase64Url } from "../../shared/bytes.ts";
import { GryptError } from "../../shared/errors.ts";
import { MAX_CLIENT_FRAME, MAX_SERVER_FRAME } from "../../shared/protocol/messages.ts";
import { encodeMessage, parseClientFrame, parseServerFrame } from "../../shared/protocol/parse.ts";

const b64 = (n: number) => toBase64Url(randomBytes(n));
const code = (c: string) => (e: unknown) => e instanceof GryptError && e.code === c;

const auth = {
  type: "auth",
  signKey: b64(91),
  encKey: b64(422),
  name: "Alice",
  haveEpoch: 0,
  clientNonce: b64(32),
  signature: b64(64),
};
const hello = {
  type: "hello",
  version: 2,
  groupId: "4fTq9XbL2mNcR8aZk",
  groupName: "Book club",
  serverKey: b64(91),
  nonce: b64(32),
};
const epochKey = { epoch: 1, wrapped: b64(384), commitment: b64(32) };
const keys = {
  type: "keys",
  groupId: "4fTq9XbL2mNcR8aZk",
  epoch: 1,
  keys: [epochKey],
  signature: b64(64),
};
const rekey = {
  type: "rekey",
  groupId: "G1",
  epoch: 3,
  previousEpoch: 2,
  wrapped: b64(384),
  commitment: b64(32),
  signature: b64(64),
};
const serverMessages = [
  hello,
  keys,
  { type: "pending", fingerprint: "ab".repeat(32) },
  { type: "denied" },
  rekey,
  { type: "removed" },
  { type: "pong" },
  { type: "error", code: "AUTH_FAILED", message: "bad signature" },
];

describe("valid messages parse to themselves", () => {
  test("member → server", () => {
    for (const m of [auth, { type: "ping" }])
      assert.deepEqual(parseClientFrame(JSON.stringify(m)), m);
  });
  test("server → member", () => {
    for (const m of serverMessages)
      assert.deepEqual(parseServerFrame(encodeMessage(m as never)), m);
  });
});

describe("bad frames are rejected with their code", () => {
  test("not text, not JSON, too large", () => {
    assert.throws(() => parseClientFrame(new Uint8Array(3)), code("MESSAGE_INVALID"));
    assert.throws(() => parseClientFrame("{nope"), code("MESSAGE_NOT_JSON"));
    assert.throws(
      () => parseClientFrame(" ".repeat(MAX_CLIENT_FRAME + 1)),
      code("MESSAGE_TOO_LARGE"),
    );
    assert.throws(
      () => parseServerFrame(" ".repeat(MAX_SERVER_FRAME + 1)),
      code("MESSAGE_TOO_LARGE"),
    );
  });

  test("unknown or missing type, non-objects", () => {
    for (const frame of [
      '{"type":"keys"}',
      '{"type":"hack"}',
      "{}",
      "[]",
      "null",
      "42",
      '"auth"',
    ]) {
      assert.throws(() => parseClientFrame(frame), code("MESSAGE_INVALID"), frame);
    }
    assert.throws(() => parseServerFrame('{"type":"auth"}'), code("MESSAGE_INVALID"));
  });

  const broken: [string, Record<string, unknown>][] = [
    ["missing field", { ...auth, signature: undefined }],
    ["extra field", { ...auth, admin: true }],
    ["wrong type", { ...auth, haveEpoch: "0" }],
    ["negative epoch", { ...auth, haveEpoch: -1 }],
    ["fractional epoch", { ...auth, haveEpoch: 1.5 }],
    ["huge name", { ...auth, name: "x".repeat(5000) }],
    ["empty name", { ...auth, name: "" }],
    ["control characters in name", { ...auth, name: "Al\nice" }],
    ["a C1 control in name", { ...auth, name: "Al\u009b2Jice" }],
    ["a bidi override in name", { ...auth, name: "Al\u202eice" }],
    ["invalid base64", { ...auth, signature: `${b64(64).slice(0, -1)}+` }],
    ["short signature", { ...auth, signature: b64(63) }],
    ["no client nonce", { ...auth, clientNonce: undefined }],
    ["short client nonce", { ...auth, clientNonce: b64(31) }],
    ["oversize key", { ...auth, encKey: b64(800) }],
    ["empty key", { ...auth, signKey: "" }],
  ];
  for (const [what, message] of broken) {
    test(`auth with ${what}`, () => {
      assert.throws(() => parseClientFrame(JSON.stringify(message)), code("MESSAGE_INVALID"));
    });
  }

  const brokenServer: [string, Record<string, unknown>][] = [
    ["a short nonce", { ...hello, nonce: b64(16) }],
    ["a group id with symbols", { ...hello, groupId: "abc_def" }],
    ["an escape sequence in the group name", { ...hello, groupName: "\u001b]0;PWNED\u0007" }],
    ["a C1 control in the group name", { ...hello, groupName: "Book\u009b2J club" }],
    ["a bidi isolate in the group name", { ...hello, groupName: "Book \u2067club" }],
    ["a wrapped key of the wrong size", { ...keys, keys: [{ ...epochKey, wrapped: b64(256) }] }],
    ["epoch 0", { ...keys, keys: [{ ...epochKey, epoch: 0 }] }],
    ["a commitment that is not base64url", { ...rekey, commitment: "!".repeat(43) }],
    ["an upper-case fingerprint", { type: "pending", fingerprint: "AB".repeat(32) }],
    ["an error code outside the set", { type: "error", code: "EVIL", message: "x" }],
    ["a huge error message", { type: "error", code: "INTERNAL", message: "x".repeat(501) }],
  ];
  for (const [what, message] of brokenServer) {
    test(`server message with ${what}`, () => {
      assert.throws(() => parseServerFrame(JSON.stringify(message)), code("MESSAGE_INVALID"));
    });
  }

  test("error messages name the field and never echo the input at length", () => {
    try {
      parseClientFrame(JSON.stringify({ ...auth, name: "y".repeat(5000) }));
      assert.fail("accepted");
    } catch (error) {
      assert.ok(error instanceof GryptError);
      assert.match(error.message, /name/);
      assert.ok(error.message.length <= 330);
    }
  });
});
