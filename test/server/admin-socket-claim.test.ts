/**
 * Claiming the admin socket's path at start: a live server's socket stops the start, a dead
 * server's is removed, and anything that is not a socket is refused and left as it is. Closing
 * the admin socket does not wait for admin connections still open.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, lstatSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { AdminConnection } from "../../server/admin/admin-client.ts";
import { claimAdminSocket, startAdminSocket } from "../../server/admin/admin-socket.ts";
import type { Logger } from "../../server/log.ts";
import { reapOnExit } from "../helpers/reap-child.ts";
import { tempDir } from "./helpers/server-process.ts";

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const answer = async () => ({ type: "log" as const, entries: [] });

test("a path that holds a file, not a socket, is refused and left as it is", async () => {
  const path = join(tempDir(), "group.grypt");
  writeFileSync(path, "the group file");
  await assert.rejects(claimAdminSocket(path), {
    code: "INVALID_ARGUMENT",
    message: /is not a socket/,
  });
  assert.equal(readFileSync(path, "utf8"), "the group file");
  await claimAdminSocket(join(tempDir(), "nothing-here.sock")); // nothing there: fine
});

test("a live server's socket stops the start; a dead server's is removed", async () => {
  const path = join(tempDir(), "group.grypt.sock");
  const live = await startAdminSocket(path, answer, quiet);
  await assert.rejects(claimAdminSocket(path), { code: "CONFLICT", message: /already running/ });
  await live.close();

  // A server killed outright leaves its socket behind.
  const child = spawn(process.execPath, [
    "-e",
    `require("net").createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, "SIGKILL"))`,
  ]);
  await reapOnExit(child);
  assert.ok(lstatSync(path).isSocket());
  await claimAdminSocket(path);
  assert.equal(existsSync(path), false);
});

test("closing does not wait for an admin connection that is still open", async () => {
  const path = join(tempDir(), "group.grypt.sock");
  const admin = await startAdminSocket(path, answer, quiet);
  const connection = await AdminConnection.open(path);
  assert.equal((await connection.request({ type: "log" })).type, "log");
  const closed = await Promise.race([
    admin.close().then(() => "closed"),
    new Promise((r) => setTimeout(() => r("waiting"), 2000)),
  ]);
  assert.equal(closed, "closed");
  connection.close();
});
