/**
 * What `grypt decrypt` sends a terminal: a member's post cannot drive the reader's terminal,
 * rewrite the line it is on (a lone CR) or reorder it (bidi overrides); piped, it is exact.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { randomBytes, toBase64Url } from "../../shared/bytes.ts";
import { importFernetKey } from "../../shared/fernet.ts";
import { inertText } from "../../shared/inert-text.ts";
import { encryptPost } from "../../shared/post-token.ts";
import { grypt, MEMBER_PASSWORD, ROOT } from "../helpers/grypt-cli.ts";
import { storedGroup, storeGroups } from "../helpers/stored-groups.ts";

const HAVE_SCRIPT = spawnSync("script", ["--version"]).status === 0;

test("control characters, a lone CR and bidi controls show as U+FFFD; tabs, line feeds and CRLF stay", () => {
  assert.equal(
    inertText("hi \u001b]0;PWNED\u0007 \u001b[2J end"),
    "hi \uFFFD]0;PWNED\uFFFD \uFFFD[2J end",
  );
  assert.equal(inertText("C1 \u009b31m and DEL \u007f"), "C1 \uFFFD31m and DEL \uFFFD");
  assert.equal(inertText("line one\r\n\tline two\n"), "line one\r\n\tline two\n");
  assert.equal(inertText("paid 10\rpaid 99"), "paid 10\uFFFDpaid 99");
  assert.equal(inertText("end\r"), "end\uFFFD");
  assert.equal(
    inertText("a\u202ab\u202bc\u202cd\u202de\u202ef\u2066g\u2067h\u2068i\u2069j"),
    "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh\uFFFDi\uFFFDj",
  );
  assert.equal(inertText("émoji 😀 and ünïcode, עברית"), "émoji 😀 and ünïcode, עברית");
});

/** Run `grypt <args> < input` on a pseudo-terminal (util-linux `script`); its terminal output. */
function onTerminal(args: string[], input: string): Promise<string> {
  const command = [process.execPath, "--import", "tsx", join(ROOT, "cli/bin/grypt.ts"), ...args]
    .map((a) => `'${a}'`)
    .join(" ");
  const child = spawn("script", ["-qec", `${command} < '${input}'`, "/dev/null"], {
    cwd: ROOT,
    env: { ...process.env, GRYPT_PASSWORD: MEMBER_PASSWORD },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (d: Buffer) => chunks.push(d));
  const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 60_000);
  return new Promise((resolve, reject) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      const output = Buffer.concat(chunks).toString("utf8");
      if (code === 0) resolve(output);
      else reject(new Error(`exit ${code}: ${output}`));
    }),
  );
}

test("grypt decrypt on a terminal covers a post's CR and bidi overrides; piped output is byte-exact", {
  skip: !HAVE_SCRIPT && "needs util-linux's script",
  timeout: 120_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "grypt-decrypt-tty-"));
  const data = join(dir, "member.json");
  const init = await grypt(["init", "--data", data, "--name", "Reader"]);
  assert.equal(init.code, 0, init.stderr);
  const key = randomBytes(32);
  await storeGroups(data, [
    storedGroup({ groupId: "Tty1", currentEpoch: 1, keys: [{ epoch: 1, key: toBase64Url(key) }] }),
  ]);
  // The post rewrites its own line: on a terminal "I owe you 10" would show as "I owe you 99".
  const plaintext = "I owe you 10\rI owe you 99 \u202eevil\u202c\tend";
  const token = await encryptPost(await importFernetKey(key), "Tty1", 1, plaintext);
  const input = join(dir, "timeline.txt");
  writeFileSync(input, `post: ${token} (seen)\n`);

  const shown = await onTerminal(["decrypt", "--data", data, "--offline"], input);
  assert.ok(
    shown.includes("post: I owe you 10\uFFFDI owe you 99 \uFFFDevil\uFFFD\tend (seen)"),
    JSON.stringify(shown),
  );
  // The terminal itself turns the line feed into CRLF; no other CR and no bidi control is left.
  assert.doesNotMatch(shown, /\r(?!\n)|[\u202a-\u202e\u2066-\u2069]/);

  const piped = await grypt(["decrypt", "--data", data, "--offline"], {
    input: `post: ${token}\n`,
  });
  assert.equal(piped.code, 0, piped.stderr);
  assert.deepEqual(piped.stdoutBytes, Buffer.from(`post: ${plaintext}\n`, "utf8"));
});
