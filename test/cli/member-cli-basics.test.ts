import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { grypt, MEMBER_PASSWORD } from "../helpers/grypt-cli.ts";

const dir = mkdtempSync(join(tmpdir(), "grypt-cli-"));
const data = join(dir, "member.json");
const FP = "ab".repeat(32);

function noStack(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
}

describe("grypt command line (no server)", () => {
  before(async () => {
    const init = await grypt(["init", "--data", data, "--name", "Alice"]);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /Fingerprint: ([0-9A-F]{4} ){15}[0-9A-F]{4}\n/);
  });

  it("prints help with the exit codes", async () => {
    const result = await grypt(["--help"]);
    assert.equal(result.code, 0);
    assert.match(
      result.stdout,
      /Exit codes:[\s\S]*\n {2}4 {2}the group server could not be reached/,
    );
    assert.match((await grypt(["--version"])).stdout, /^grypt \d+\.\d+\.\d+\n$/);
  });

  it("rejects bad command lines with exit 2", async () => {
    for (const args of [
      [],
      ["frobnicate"],
      ["encrypt", "--bogus"],
      ["join"],
      ["status", "extra"],
      ["decrypt", "--group", "x"],
      ["status", "--timeout", "soon"],
    ]) {
      const result = await grypt(args);
      assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, /^grypt: .*\(see grypt --help\)\n$/);
    }
  });

  it("stores the keys in a private vault file that does not contain them in the clear", () => {
    assert.equal(statSync(data).mode & 0o777, 0o600);
    const file = JSON.parse(readFileSync(data, "utf8")) as Record<string, unknown>;
    assert.equal(file.kdf, "pbkdf2-sha256");
    assert.equal(file.iterations, 600_000);
    assert.doesNotMatch(readFileSync(data, "utf8"), /Alice|grypt-identity|Pkcs8/);
  });

  it("refuses to overwrite existing keys", async () => {
    const before = readFileSync(data, "utf8");
    const result = await grypt(["init", "--data", data]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /already exists/);
    assert.equal(readFileSync(data, "utf8"), before);
  });

  it("reads the password from a file, and says clearly when it is wrong", async () => {
    const good = join(dir, "good.txt");
    const bad = join(dir, "bad.txt");
    writeFileSync(good, `${MEMBER_PASSWORD}\n`, { mode: 0o600 });
    writeFileSync(bad, "not it\n", { mode: 0o644 });
    const ok = await grypt(["fingerprint", "--data", data, "--password-file", good], {
      env: { GRYPT_PASSWORD: undefined },
    });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^[0-9a-f]{64}$/m);
    const wrong = await grypt(["status", "--offline", "--data", data, "--password-file", bad]);
    assert.equal(wrong.code, 3);
    assert.match(
      wrong.stderr,
      /^grypt: warning: the password file \S+bad\.txt can be read by any user \(mode 644\)[^\n]*\ngrypt: wrong password for this vault\n$/,
    );
    const before = readFileSync(data, "utf8");
    assert.equal(
      (await grypt(["status", "--data", data], { env: { GRYPT_PASSWORD: "wrong" } })).code,
      3,
    );
    assert.equal(readFileSync(data, "utf8"), before, "the file is untouched");
  });

  it("without any password source and no terminal, fails instead of hanging", async () => {
    const result = await grypt(["status", "--offline", "--data", data], {
      env: { GRYPT_PASSWORD: undefined },
    });
    assert.equal(result.code, 3);
    assert.match(
      result.stderr,
      /no password: run on a terminal, or set GRYPT_PASSWORD, or pass --password-file/,
    );
  });

  it("says how to start when there is no member file", async () => {
    const result = await grypt(["status", "--data", join(dir, "missing.json")]);
    assert.equal(result.code, 3);
    assert.match(
      result.stderr,
      /no member file at .*missing\.json: create your keys with `grypt init`/,
    );
  });

  it("reports a damaged member file without a stack", async () => {
    const damaged = join(dir, "damaged.json");
    writeFileSync(
      damaged,
      readFileSync(data, "utf8").replace(
        /"token":"(.)/,
        (_m, c: string) => `"token":"${c === "A" ? "B" : "A"}`,
      ),
    );
    const result = await grypt(["status", "--offline", "--data", damaged]);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /^grypt: vault/);
    noStack(result.stderr);
  });

  it("rejects bad invites with exit 2 and a clear message", async () => {
    for (const [invite, message] of [
      ["hello", /an invite starts with "grypt-invite:1:"/],
      [`grypt-invite:1:${FP}:https://example.org`, /did you mean wss:\/\/example\.org/],
      [`grypt-invite:1:${FP.slice(2)}:ws://127.0.0.1:1`, /64 lowercase hex/],
    ] as const) {
      const result = await grypt(["join", invite, "--data", data]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
    }
  });

  it("reports an unreachable server with exit 4", async () => {
    const result = await grypt([
      "join",
      `grypt-invite:1:${FP}:ws://127.0.0.1:1`,
      "--data",
      data,
      "--timeout",
      "5",
    ]);
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /grypt: cannot join: cannot reach ws:\/\/127\.0\.0\.1:1\//);
  });

  it("passes text without tokens through unchanged, without asking for a password", async () => {
    const text = "no tokens here\n  grypt: not one either\n";
    const result = await grypt(["decrypt", "--data", join(dir, "missing.json")], {
      input: text,
      env: { GRYPT_PASSWORD: undefined },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, text);
    // A byte order mark is part of the text too.
    const marked = await grypt(["decrypt", "--data", join(dir, "missing.json")], {
      input: `\uFEFF${text}`,
      env: { GRYPT_PASSWORD: undefined },
    });
    assert.equal(marked.stdout, `\uFEFF${text}`);
  });

  it("encrypt without any group says how to join one", async () => {
    const result = await grypt(["encrypt", "--data", data], { input: "hi" });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no groups yet: join one with `grypt join <invite>`/);
  });
});
