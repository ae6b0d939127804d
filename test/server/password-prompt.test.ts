/**
 * Password prompts (server/config/hidden-prompt.ts) on a stand-in terminal, and password files
 * (server/config/password-file.ts): answers typed ahead are kept, editing keys work, Ctrl-C and
 * Ctrl-D cancel, the terminal's mode comes back; a password file anyone can read is warned of.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { askNewPassword, openHiddenPrompt, type RawInput } from "../../node-only/hidden-prompt.ts";
import { readPasswordFile } from "../../node-only/password-file.ts";
import { GryptError } from "../../shared/errors.ts";
import { tempDir } from "./helpers/server-process.ts";

function fakeTerminal() {
  const modes: boolean[] = [];
  const input: PassThrough & RawInput = Object.assign(new PassThrough(), {
    isRaw: false,
    setRawMode(mode: boolean): void {
      modes.push(mode);
      input.isRaw = mode;
    },
  });
  const output = new PassThrough();
  let shown = "";
  output.on("data", (d: Buffer) => {
    shown += d.toString();
  });
  return { input, output, modes, shown: () => shown };
}

/** A prompt on a stand-in terminal. */
function fakePrompt(after?: () => void) {
  const t = fakeTerminal();
  return { t, prompt: openHiddenPrompt(t.input, t.output, after) };
}

const code = (expected: string) => (error: unknown) =>
  error instanceof GryptError && error.code === expected;

test("both answers sent in one write are both read; the terminal's mode comes back", async () => {
  let closedAfter = false;
  const { t, prompt } = fakePrompt(() => {
    closedAfter = true;
  });
  t.input.write("correct horse\rcorrect horse\r");
  assert.equal(await askNewPassword(prompt, "New: ", 8), "correct horse");
  prompt.close();
  assert.deepEqual(t.modes, [true, false]);
  assert.ok(closedAfter);
  assert.equal(t.shown(), "New: \nRepeat the password: \n", "nothing typed is echoed");
});

test("what is typed before the next question, or split over writes, makes up the next answer", async () => {
  const { t, prompt } = fakePrompt();
  t.input.write("first\nsec");
  assert.equal(await prompt.ask("1: "), "first");
  t.input.write("ond\r\nthird\r");
  assert.equal(await prompt.ask("2: "), "second");
  assert.equal(await prompt.ask("3: "), "third");
  prompt.close();
});

test("backspace and Ctrl-U edit; arrow keys and other escape sequences are not part of the password", async () => {
  const { t, prompt } = fakePrompt();
  const answer = prompt.ask("? ");
  t.input.write("wrong\u0015pass\u007f\u007fss\u001b[A\u001b[3~\u001bOPword\bd\r");
  assert.equal(await answer, "password");
  prompt.close();
});

test("CR then LF in separate reads is one Enter; a lone Escape drops nothing else; Backspace deletes a whole emoji", async () => {
  const { t, prompt } = fakePrompt();
  const first = prompt.ask("1: ");
  t.input.write("secret12\r");
  assert.equal(await first, "secret12");
  t.input.write("\nnext\r");
  assert.equal(await prompt.ask("2: "), "next");
  t.input.write("\u001bpassword\r");
  assert.equal(await prompt.ask("3: "), "password");
  t.input.write("abcdefgh😀\u007f\r");
  assert.equal(await prompt.ask("4: "), "abcdefgh");
  prompt.close();
});

test("Ctrl-C cancels even in the middle of an escape sequence", async () => {
  const { t, prompt } = fakePrompt();
  const answer = prompt.ask("? ");
  t.input.write("pw\u001b[1;\u0003");
  await assert.rejects(answer, code("CANCELLED"));
  prompt.close();
});

test("what is typed after the last answer goes back to the input, for the next reader", async () => {
  const { t, prompt } = fakePrompt();
  t.input.write("password\r\nhelp\r");
  assert.equal(await prompt.ask("? "), "password");
  prompt.close();
  const next = new Promise<string>((resolve) =>
    t.input.once("data", (d: string | Buffer) => resolve(d.toString())),
  );
  t.input.resume(); // as the console's readline does
  assert.equal(await next, "help\r");
});

test("Ctrl-C cancels with CANCELLED, Ctrl-D and a closed terminal with INVALID_ARGUMENT", async () => {
  for (const [typed, expected] of [
    ["abc\u0003", "CANCELLED"],
    ["abc\u0004", "INVALID_ARGUMENT"],
  ] as const) {
    const { t, prompt } = fakePrompt();
    const answer = prompt.ask("? ");
    t.input.write(typed);
    await assert.rejects(answer, code(expected));
    await assert.rejects(
      prompt.ask("again? "),
      code(expected),
      "a cancelled prompt stays cancelled",
    );
    prompt.close();
    assert.deepEqual(t.modes, [true, false]);
  }
  const { t, prompt } = fakePrompt();
  const answer = prompt.ask("? ");
  t.input.end("abc");
  await assert.rejects(answer, code("INVALID_ARGUMENT"));
  prompt.close();
});

test("a new password: too short and differing tries are explained, three failures end it", async () => {
  const { t, prompt } = fakePrompt();
  t.input.write("short\rlong enough 1\rlong enough 2\rlong enough 3\rlong enough 3\r");
  assert.equal(await askNewPassword(prompt, "New: ", 8), "long enough 3");
  assert.match(t.shown(), /at least 8 characters[\s\S]*differ; try again/);
  t.input.write("short\rshort\rshort\r");
  await assert.rejects(askNewPassword(prompt, "New: ", 8), /no new password was set/);
  prompt.close();
});

test("a password file: its first line; anyone-readable warned of; empty, missing or a directory refused", async () => {
  const dir = tempDir();
  const file = join(dir, "password");
  writeFileSync(file, "s3cret words\nsecond line\n");
  const warnings: string[] = [];
  const warn = (line: string) => warnings.push(line);
  for (const mode of [0o600, 0o640]) {
    chmodSync(file, mode);
    assert.equal(await readPasswordFile(file, warn), "s3cret words");
  }
  assert.deepEqual(warnings, []);
  chmodSync(file, 0o644);
  assert.equal(await readPasswordFile(file, warn), "s3cret words");
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /can be read by any user \(mode 644\); "chmod 600/);
  writeFileSync(join(dir, "empty"), "\nnot the first line\n");
  await assert.rejects(readPasswordFile(join(dir, "empty"), warn), /is empty/);
  await assert.rejects(readPasswordFile(join(dir, "missing"), warn), code("NOT_FOUND"));
  mkdirSync(join(dir, "folder"));
  await assert.rejects(readPasswordFile(join(dir, "folder"), warn), /is a directory/);
  // A pipe, as the shell's <(command) gives: read, never warned of.
  const fifo = join(dir, "fifo");
  assert.equal(spawnSync("mkfifo", [fifo]).status, 0);
  const writer = spawn("sh", ["-c", `printf 'from a pipe\\n' > '${fifo}'`]);
  const written = new Promise((resolve) => writer.once("close", resolve));
  assert.equal(await readPasswordFile(fifo, warn), "from a pipe");
  await written;
  assert.equal(warnings.length, 1);
});
