/**
 * `backup <file>` on a running server: a complete group file, same password, holding every change
 * saved so far; restoring it (the old journal is then ignored) gives that state back. A backup
 * never replaces a file, and says why it cannot be written.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { sendAdminRequest } from "../../server/admin/admin-client.ts";
import type { MemberClient } from "../../shared/member-client/member-client.ts";
import { admin, identities, joinApproved } from "./helpers/members.ts";
import { ROOT, startServer, tempDir } from "./helpers/server-process.ts";

/** `grypt-admin <args> --data <file>` (the installed launcher) run from `cwd`, as an admin would type it there. */
function adminCli(
  cwd: string,
  dataFile: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      // tsx by its own address: the working directory is a temporary one, without node_modules.
      ["--import", import.meta.resolve("tsx"), join(ROOT, "server/bin/grypt-admin.ts")].concat(
        args,
        ["--data", dataFile],
      ),
      { cwd },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

test("a backup holds every saved change; restored in place of the group file it opens as it was", {
  timeout: 120_000,
}, async () => {
  const dir = tempDir();
  const dataFile = join(dir, "group.grypt");
  const backups = join(dir, "backups");
  mkdirSync(backups);
  const [alice, bob] = await identities(2);
  const clients: MemberClient[] = [];
  let server = await startServer(dataFile);
  try {
    clients.push(await joinApproved(server, alice!, "alice"));
    await admin(server, { type: "rotate" }, "rotated");
    // A relative name is the admin's own directory, as with any command-line tool.
    const made = await adminCli(backups, dataFile, ["backup", "monday.grypt"]);
    assert.equal(made.code, 0, made.stderr);
    const backup = join(backups, "monday.grypt");
    assert.match(
      made.stdout,
      new RegExp(
        `Backed up epoch 2 with 1 member\\(s\\) to ${backup} \\(\\d+ bytes\\); it opens with the group password\\.`,
      ),
    );
    assert.equal(statSync(backup).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(backups), ["monday.grypt"], "no temporary file is left");
    // Changes after the backup, journaled; then the server dies without folding them in.
    clients.push(await joinApproved(server, bob!, "bob"));
    await admin(server, { type: "rotate" }, "rotated");
    assert.ok(existsSync(`${dataFile}.journal`));
    await server.kill();
    copyFileSync(backup, dataFile);
    server = await startServer(dataFile);
    const status = await admin(server, { type: "status" }, "status");
    assert.deepEqual([status.epoch, status.members], [2, 1]);
    assert.match(server.output(), /journal: ignored its stale/);
    // The restored group goes on: a change journaled now survives another crash.
    await admin(server, { type: "rotate" }, "rotated");
    await server.kill();
    server = await startServer(dataFile);
    assert.equal((await admin(server, { type: "status" }, "status")).epoch, 3);
  } finally {
    for (const client of clients) client.stop();
    await server.stop();
  }
});

test("a backup never replaces a file and says why it cannot be written", {
  timeout: 90_000,
}, async () => {
  const dir = tempDir();
  const dataFile = join(dir, "group.grypt");
  const server = await startServer(dataFile);
  try {
    const existing = join(dir, "existing.grypt");
    writeFileSync(existing, "keep me");
    const cases: Array<[string, string, RegExp]> = [
      [existing, "CONFLICT", /existing\.grypt already exists: name a new file/],
      [dataFile, "CONFLICT", /cannot replace the group file or its journal/],
      [`${dataFile}.journal`, "CONFLICT", /cannot replace the group file or its journal/],
      [
        join(dir, "no-such-dir", "b.grypt"),
        "NOT_FOUND",
        /the directory of .*no-such-dir\/b\.grypt does not exist/,
      ],
    ];
    const before = readdirSync(dir).sort();
    for (const [path, code, message] of cases) {
      const response = await sendAdminRequest(server.socket, { type: "backup", path });
      assert.equal(response.type, "error", path);
      if (response.type !== "error") continue;
      assert.equal(response.code, code, response.message);
      assert.match(response.message, message);
    }
    assert.equal(readFileSync(existing, "utf8"), "keep me");
    assert.deepEqual(readdirSync(dir).sort(), before, "nothing written, no temporary file left");
    const cli = await adminCli(dir, dataFile, ["backup", "existing.grypt"]);
    assert.equal(cli.code, 1);
    assert.match(cli.stderr + cli.stdout, /error \(CONFLICT\): .*existing\.grypt already exists/);
  } finally {
    await server.stop();
  }
});

test("the admin socket refuses a relative or unprintable backup path", {
  timeout: 60_000,
}, async () => {
  const server = await startServer(join(tempDir(), "group.grypt"));
  try {
    for (const path of ["relative.grypt", "/tmp/a\nb", ""]) {
      const response = await sendAdminRequest(server.socket, { type: "backup", path });
      assert.equal(response.type, "error");
      if (response.type === "error")
        assert.match(response.message, /path must be absolute, without control characters/);
    }
  } finally {
    await server.stop();
  }
});
