/**
 * One group-name rule: `grypt-server --name` (and GRYPT_NAME) refuses exactly what the protocol's
 * GroupName refuses, since every member checks the name in the server's hello by it.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import * as v from "valibot";
import { parseServerConfig } from "../../server/config/options.ts";
import { GroupName } from "../../shared/protocol/fields.ts";
import { PASSWORD, run, serverArgs, tempDir } from "./helpers/server-process.ts";

const names = [
  "Book club",
  "Zoë's 😀 club",
  "עברית",
  "x".repeat(100),
  "x".repeat(101),
  "Book\tclub",
  "Book\nclub",
  "\u001b]0;PWNED\u0007",
  "Book\u007fclub",
  "Book\u009b2Jclub",
  "Book\u2028club",
  "Book \u202eclub",
  "Book \u2067club",
];

test("--name and GRYPT_NAME accept exactly the names the protocol's GroupName accepts", () => {
  for (const name of names) {
    const protocol = v.is(GroupName, name);
    const shown = JSON.stringify(name);
    for (const [argv, env] of [
      [["--name", name], {}],
      [[], { GRYPT_NAME: name }],
    ] as const) {
      if (protocol) assert.equal(parseServerConfig([...argv], env).name, name, shown);
      else
        assert.throws(() => parseServerConfig([...argv], env), {
          code: "INVALID_ARGUMENT",
          message: /^--name: group name must .* \(see --help\)$/,
        });
    }
  }
});

test("grypt-server --name with a bidi or C1 control is refused with a clear message, no file made", {
  timeout: 60_000,
}, async () => {
  const dataFile = join(tempDir(), "group.grypt");
  for (const name of ["Book \u202eclub", "Book\u009b2Jclub"]) {
    const result = await run(
      process.execPath,
      serverArgs(["--port", "0", "--data", dataFile, "--name", name]),
      { GRYPT_PASSWORD: PASSWORD },
    );
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /--name: group name must not contain control characters or bidi controls \(see --help\)/,
    );
    assert.doesNotMatch(result.stdout, /listening/);
  }
  assert.equal(existsSync(dataFile), false, "no group was created");
});
