/** Flags and their environment variables. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { MAX_KICK } from "../../server/admin/admin-messages.ts";
import { parseCommandWords } from "../../server/admin/parse-command.ts";
import { defaultDataFile, parseServerConfig } from "../../server/config/options.ts";

test("defaults, flags and environment variables (flags win)", () => {
  const defaults = parseServerConfig([], { HOME: "/home/x" });
  assert.equal(defaults.host, "127.0.0.1");
  assert.equal(defaults.port, 19118);
  assert.equal(defaults.adminSocket, `${defaults.dataFile}.sock`);
  assert.equal(defaultDataFile({ XDG_DATA_HOME: "/xdg" }), "/xdg/grypt/group.grypt");
  const env = {
    GRYPT_HOST: "0.0.0.0",
    GRYPT_PORT: "2000",
    GRYPT_DATA: "/d/g",
    GRYPT_NAME: "N",
    GRYPT_HISTORY: "since-join",
  };
  const fromEnv = parseServerConfig([], env);
  assert.deepEqual(
    [fromEnv.host, fromEnv.port, fromEnv.dataFile, fromEnv.name, fromEnv.history],
    ["0.0.0.0", 2000, "/d/g", "N", "since-join"],
  );
  const flags = parseServerConfig(
    ["--port", "3000", "--data", "/e/f", "--tls-cert", "c", "--tls-key", "k"],
    env,
  );
  assert.deepEqual(
    [flags.port, flags.dataFile, flags.adminSocket, flags.tlsCert],
    [3000, "/e/f", "/e/f.sock", "c"],
  );
  assert.equal(defaults.trustProxy, false);
  assert.equal(parseServerConfig(["--trust-proxy"], {}).trustProxy, true);
  assert.equal(parseServerConfig([], { GRYPT_TRUST_PROXY: "1" }).trustProxy, true);
});

test("a fingerprint pasted as printed, in groups of four, is one member, not several", () => {
  assert.deepEqual(parseCommandWords(["kick", "ABDD", "DDEE", "893B"]), {
    type: "kick",
    prefixes: ["ABDDDDEE893B"],
  });
  assert.deepEqual(parseCommandWords(["kick", "ABDD DDEE 893B"]), {
    type: "kick",
    prefixes: ["ABDDDDEE893B"],
  });
  // One word of another length: each word names a member.
  assert.deepEqual(parseCommandWords(["kick", "ABDD", "DDEE8"]), {
    type: "kick",
    prefixes: ["ABDD", "DDEE8"],
  });
  // Two groups of four could be one fingerprint or two members: asked, not guessed.
  assert.throws(() => parseCommandWords(["kick", "abcd", "ef01"]), {
    code: "INVALID_ARGUMENT",
    message: /one fingerprint or two members/,
  });
  // A command that names one key takes it as printed too.
  assert.deepEqual(parseCommandWords(["approve", "ABDD", "DDEE"]), {
    type: "approve",
    prefix: "ABDDDDEE",
  });
  assert.deepEqual(parseCommandWords(["deny", "abdd", "ddee", "893b"]), {
    type: "deny",
    prefix: "abddddee893b",
  });
  assert.throws(() => parseCommandWords(["approve", "abcde", "ef01"]), {
    message: /usage: approve <fp>/,
  });
});

test("bad values are errors that name the flag", () => {
  assert.throws(() => parseServerConfig(["--port", "x"], {}), {
    message: /port must be 0\.\.65535/,
  });
  assert.throws(() => parseServerConfig(["--history", "some"], {}), { message: /history must be/ });
  assert.throws(() => parseServerConfig(["--tls-cert", "c"], {}), { message: /go together/ });
  assert.throws(() => parseServerConfig(["--nope"], {}), {
    code: "INVALID_ARGUMENT",
    message: /--nope/,
  });
  assert.throws(() => parseServerConfig(["extra"], {}), { message: /unexpected argument/ });
});

test("console and CLI words become admin requests", () => {
  assert.deepEqual(parseCommandWords(["approve", "ab:cd"]), { type: "approve", prefix: "abcd" });
  assert.deepEqual(parseCommandWords(["rotate", "monthly", "rotation"]), {
    type: "rotate",
    reason: "monthly rotation",
  });
  assert.deepEqual(parseCommandWords(["log", "5"]), { type: "log", limit: 5 });
  assert.throws(() => parseCommandWords(["kick"]), { message: /usage: kick <fp>/ });
  assert.deepEqual(parseCommandWords(["kick", "ab:cd"]), { type: "kick", prefixes: ["abcd"] });
  assert.deepEqual(parseCommandWords(["kick", "abc12", "d9e8f7", "abc12"]), {
    type: "kick",
    prefixes: ["abc12", "d9e8f7", "abc12"],
  });
  assert.throws(() => parseCommandWords(["kick", "abc12", "xyz"]), { message: /hex digits/ });
  const tooMany = Array.from({ length: MAX_KICK + 1 }, (_, i) => `ab${i}`);
  assert.throws(() => parseCommandWords(["kick", ...tooMany]), { message: /at most 50 members/ });
  assert.throws(() => parseCommandWords(["approve", "zz"]), { message: /hex digits/ });
  assert.throws(() => parseCommandWords(["fly"]), { message: /unknown command/ });
  assert.deepEqual(parseCommandWords(["blocked"]), { type: "blocked" });
  assert.deepEqual(parseCommandWords(["unblock", "AB:CD"]), { type: "unblock", prefix: "ABCD" });
  assert.throws(() => parseCommandWords(["unblock"]), { message: /usage: unblock <fp>/ });
  assert.throws(() => parseCommandWords(["blocked", "ab"]), { message: /usage: blocked/ });
  assert.deepEqual(parseCommandWords(["backup", "b.grypt"]), {
    type: "backup",
    path: join(process.cwd(), "b.grypt"),
  });
  assert.deepEqual(parseCommandWords(["backup", "/srv/b.grypt"]), {
    type: "backup",
    path: "/srv/b.grypt",
  });
  assert.throws(() => parseCommandWords(["backup"]), { message: /usage: backup <file>/ });
  assert.throws(() => parseCommandWords(["backup", "a", "b"]), { message: /usage: backup <file>/ });
});
