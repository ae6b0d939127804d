/** The server on a terminal: password asked twice, then the admin console (help, completion, approve and kick with confirmation). */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { formatFingerprint } from "../../shared/identity.ts";
import { eventually } from "../helpers/grypt-cli.ts";
import { identities, isMemberAt, member, waitFor } from "./helpers/members.ts";
import { tempDir } from "./helpers/server-process.ts";
import { HAVE_SCRIPT, serverOnTerminal } from "./helpers/terminal.ts";

test("the console on the server's terminal", {
  skip: !HAVE_SCRIPT && "needs util-linux script",
  timeout: 120_000,
}, async (t) => {
  const [alice] = await identities(1);
  const dataFile = join(tempDir(), "group.grypt");
  const env = { GRYPT_PASSWORD: "", GRYPT_PASSWORD_FILE: "" };
  const term = serverOnTerminal(["--port", "0", "--data", dataFile], env);
  // A failed step must not leave the server running: the test file would never end.
  t.after(() => term.kill());
  let at = await term.expect(/New group password: /);
  term.type("first-password\r");
  at = await term.expect(/Repeat the password: /, at);
  term.type("other-password\r");
  at = await term.expect(/The passwords differ; try again\.[\s\S]*New group password: /, at);
  assert.doesNotMatch(term.output(), /first-password|other-password/, "passwords are not echoed");
  term.type("the-password\r");
  at = await term.expect(/Repeat the password: /, at);
  term.type("the-password\r");
  at = await term.expect(/grypt> /, at);
  const url = /listening on (\S+)/.exec(term.output())![1]!;
  const fingerprint = /invite grypt-invite:1:([0-9a-f]{64})/.exec(term.output())![1]!;

  term.type("help\r");
  at = await term.expect(/kick <fp>[\s\S]*quit {2,}stop the server[\s\S]*grypt> /, at);
  term.type("stat\t");
  at = await term.expect(/status /, at);
  term.type("\r");
  at = await term.expect(/epoch\s+1 \(history: all\)[\s\S]*grypt> /, at);

  const client = member({ url, fingerprint }, alice!, "alice <b>");
  t.after(() => client.stop());
  await waitFor(client, (s) => s.state === "pending");
  term.type("pending\r");
  at = await term.expect(/1 pending:\s+[0-9a-f]{16}\s+"alice <b>"[\s\S]*grypt> /, at);
  // A short prefix is refused, saying why.
  const fp = alice!.public.fingerprintHex;
  term.type(`approve ${fp.slice(0, 6)}\r`);
  at = await term.expect(
    /error: approve: [0-9a-f]{6} is 6 hex digits: name a key by at least 16 hex digits[\s\S]*grypt> /,
    at,
  );
  // Tab completes a fingerprint typed as the member's screen shows it, in groups of four.
  const groups = formatFingerprint(fp).split(" ");
  term.type(`approve ${groups[0]} ${groups[1]!.slice(0, 2)}\t`);
  at = await term.expect(new RegExp(`${groups[1]!.slice(2)} ${groups[2]} ${groups[3]}`, "i"), at);
  // Before the keys go out: the whole request, and a question.
  term.type("\r");
  const question = [
    /Approve this request\? It will receive the group's keys:\s+/,
    new RegExp(`fingerprint\\s+${formatFingerprint(fp)}\\s+`),
    /name\s+"alice <b>"\s+address\s+127\.0\.0\.1\s+asked at\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\s+/,
    /Compare every digit[\s\S]*Approve\? \[y\/N\] /,
  ];
  at = await term.expect(new RegExp(question.map((r) => r.source).join("")), at);
  term.type("n\r");
  at = await term.expect(/Not approved\.[\s\S]*grypt> /, at);
  assert.equal(client.status.state, "pending");
  term.type(`approve ${fp.slice(0, 16)}\r`);
  at = await term.expect(/Approve\? \[y\/N\] /, at);
  term.type("y\r");
  at = await term.expect(/Approved "alice <b>"[\s\S]*keys delivered/, at);
  await waitFor(client, isMemberAt(1));

  term.type(`kick ${fp.slice(0, 16)}\r`);
  at = await term.expect(/Remove "alice <b>" [0-9a-f]{16}…\? \[y\/N\] /, at);
  term.type("n\r");
  at = await term.expect(/Not removed\./, at);
  term.type(`kick ${fp.slice(0, 16)}\r`);
  at = await term.expect(/\[y\/N\] /, at);
  term.type("y\r");
  at = await term.expect(/Removed "alice <b>" [0-9a-f]{16}; new epoch 2\./, at);
  await waitFor(client, (s) => s.state === "removed");

  // The removed key is listed as blocked; unblock completes its fingerprint and lifts it.
  term.type("blocked\r");
  at = await term.expect(/1 blocked:\s+[0-9a-f]{16}\s+"alice <b>"\s+removed[\s\S]*grypt> /, at);
  term.type("unbl\t");
  at = await term.expect(/unblock /, at);
  term.type(`${alice!.public.fingerprintHex.slice(0, 3)}\t`);
  at = await term.expect(new RegExp(alice!.public.fingerprintHex.slice(3, 16)), at);
  term.type("\r");
  at = await term.expect(/Unblocked "alice <b>" [0-9A-F ]+ \(was removed\)[\s\S]*grypt> /, at);
  term.type("help\r");
  at = await term.expect(/blocked [\s\S]*unblock <fp>[\s\S]*grypt> /, at);

  term.type("quit\r");
  await term.expect(/stopped/, at);
  assert.equal(await term.exited, 0);

  // A later start on a terminal asks once; a wrong password stops it with a clear message.
  const again = serverOnTerminal(["--port", "0", "--data", dataFile], env);
  t.after(() => again.kill());
  await again.expect(/Group password: /);
  again.type("wrong-password\r");
  await again.expect(/wrong password for .*group\.grypt \(the file was not changed\)/);
  assert.equal(await again.exited, 1);
});

test("closing the server's terminal stops it cleanly (SIGHUP)", {
  skip: !HAVE_SCRIPT && "needs util-linux script",
  timeout: 60_000,
}, async (t) => {
  const dataFile = join(tempDir(), "group.grypt");
  const term = serverOnTerminal(["--port", "0", "--data", dataFile], {
    GRYPT_PASSWORD: "the-password",
    GRYPT_PASSWORD_FILE: "",
  });
  t.after(() => term.kill());
  await term.expect(/grypt> /);
  assert.ok(existsSync(`${dataFile}.sock`));
  term.kill(); // the terminal goes away: the kernel hangs up the server
  // A clean stop removes the admin socket; a process killed by the signal would leave it behind.
  await eventually(() => !existsSync(`${dataFile}.sock`), 20_000);
});

test("end of input (Ctrl-D) at the prompt stops the server like quit", {
  skip: !HAVE_SCRIPT && "needs util-linux script",
  timeout: 60_000,
}, async (t) => {
  const dataFile = join(tempDir(), "group.grypt");
  const term = serverOnTerminal(["--port", "0", "--data", dataFile], {
    GRYPT_PASSWORD: "the-password",
    GRYPT_PASSWORD_FILE: "",
  });
  t.after(() => term.kill());
  const at = await term.expect(/grypt> /);
  term.type("\u0004");
  await term.expect(/stopped/, at);
  assert.equal(await term.exited, 0);
  assert.equal(existsSync(`${dataFile}.sock`), false);
});
