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

const FP = "abdd ddee 893b 0c41";
const FP_HEX = "abddddee893b0c41";
const OTHER = "0123456789abcdef0123";

test("a fingerprint pasted as printed, in groups of four, is one key, not several", () => {
  for (const command of ["kick", "approve"] as const) {
    assert.deepEqual(parseCommandWords([command, ...FP.toUpperCase().split(" ")]), {
      type: command,
      prefixes: [FP_HEX],
    });
    assert.deepEqual(parseCommandWords([command, FP]), { type: command, prefixes: [FP_HEX] });
    // Words of other lengths: each word names a key.
    assert.deepEqual(parseCommandWords([command, FP_HEX, OTHER.toUpperCase()]), {
      type: command,
      prefixes: [FP_HEX, OTHER],
    });
  }
  // A command that names one key takes it as printed too.
  assert.deepEqual(parseCommandWords(["deny", ...FP.split(" ")]), { type: "deny", prefix: FP_HEX });
  assert.deepEqual(parseCommandWords(["unblock", "AB:DD:DD:EE:89:3B:0C:41"]), {
    type: "unblock",
    prefix: FP_HEX,
  });
  assert.throws(() => parseCommandWords(["deny", FP_HEX, OTHER]), { message: /usage: deny <fp>/ });
});

test("fewer than 16 hex digits are refused, saying why", () => {
  for (const words of [
    ["approve", "7f3a9c"],
    ["approve", "7f3a", "9c12"],
    ["approve", FP_HEX, "abc"],
    ["deny", "7f3a", "9c12", "0b4e"],
    ["kick", "7f3a9c12"],
    ["unblock", "7f3a:9c:12"],
  ])
    assert.throws(() => parseCommandWords(words), {
      code: "INVALID_ARGUMENT",
      message: new RegExp(
        `^${words[0]}: [0-9a-f]+ is \\d+ hex digits: name a key by at least 16 hex digits .*look alike`,
      ),
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
  assert.deepEqual(parseCommandWords(["approve", `${FP_HEX}:01`]), {
    type: "approve",
    prefixes: [`${FP_HEX}01`],
  });
  assert.deepEqual(parseCommandWords(["rotate", "monthly", "rotation"]), {
    type: "rotate",
    reason: "monthly rotation",
  });
  assert.deepEqual(parseCommandWords(["log", "5"]), { type: "log", limit: 5 });
  assert.throws(() => parseCommandWords(["kick"]), { message: /usage: kick <fp>/ });
  assert.deepEqual(parseCommandWords(["kick", FP_HEX, OTHER, FP_HEX]), {
    type: "kick",
    prefixes: [FP_HEX, OTHER, FP_HEX],
  });
  assert.throws(() => parseCommandWords(["kick", FP_HEX, "xyz"]), { message: /hex digits/ });
  const tooMany = Array.from({ length: MAX_KICK + 1 }, (_, i) => `${FP_HEX}${i}`);
  assert.throws(() => parseCommandWords(["kick", ...tooMany]), { message: /at most 50 members/ });
  assert.throws(() => parseCommandWords(["approve", ...tooMany]), {
    message: /at most 50 requests/,
  });
  assert.throws(() => parseCommandWords(["approve"]), { message: /usage: approve <fp>/ });
  assert.throws(() => parseCommandWords(["approve", "zz"]), { message: /hex digits/ });
  assert.throws(() => parseCommandWords(["fly"]), { message: /unknown command/ });
  assert.deepEqual(parseCommandWords(["blocked"]), { type: "blocked" });
  assert.deepEqual(parseCommandWords(["unblock", FP_HEX.toUpperCase()]), {
    type: "unblock",
    prefix: FP_HEX,
  });
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
