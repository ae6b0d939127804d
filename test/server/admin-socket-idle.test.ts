/**
 * The admin socket's own rules, in-process with a short idle time: a connection that sends
 * nothing is closed; one whose request is still under way is not; a handler that throws answers
 * INTERNAL and the connection goes on.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { AdminConnection } from "../../server/admin/admin-client.ts";
import type { AdminRequest, AdminResponse } from "../../server/admin/admin-messages.ts";
import { startAdminSocket } from "../../server/admin/admin-socket.ts";
import type { Logger } from "../../server/log.ts";
import { tempDir } from "./helpers/server-process.ts";

const IDLE_MS = 150;
const path = join(tempDir(), "admin.sock");
const errors: string[] = [];
const quiet: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: (text, fields) => void errors.push(`${text} ${JSON.stringify(fields)}`),
};
const answer: AdminResponse = { type: "log", entries: [] };
let slowUntil: Promise<void> = Promise.resolve();

async function handle(request: AdminRequest): Promise<AdminResponse> {
  if (request.type === "rotate") throw new Error("the handler broke");
  await slowUntil;
  return answer;
}

let admin: { close(): Promise<void> };
before(async () => {
  admin = await startAdminSocket(path, handle, quiet, { idleMs: IDLE_MS });
});
after(() => admin.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("a connection that sends nothing is closed after the idle time; a request restarts the clock", async () => {
  const connection = await AdminConnection.open(path);
  try {
    await sleep(IDLE_MS / 2);
    assert.equal((await connection.request({ type: "log" })).type, "log");
    await sleep(IDLE_MS / 2);
    assert.equal(
      (await connection.request({ type: "log" })).type,
      "log",
      "still open: the request restarted the clock",
    );
    await sleep(IDLE_MS * 3);
    await assert.rejects(connection.request({ type: "log" }), { code: "CONNECTION_CLOSED" });
  } finally {
    connection.close();
  }
});

test("a request under way for longer than the idle time keeps its connection", async () => {
  let finish: () => void = () => undefined;
  slowUntil = new Promise((resolve) => {
    finish = resolve;
  });
  const connection = await AdminConnection.open(path);
  try {
    const pending = connection.request({ type: "log" });
    await sleep(IDLE_MS * 3);
    finish();
    assert.equal((await pending).type, "log");
  } finally {
    connection.close();
  }
});

test("a handler that throws answers INTERNAL, without details, and the connection's next request is answered", async () => {
  const connection = await AdminConnection.open(path);
  try {
    assert.deepEqual(await connection.request({ type: "rotate" }), {
      type: "error",
      code: "INTERNAL",
      message: "internal error",
    });
    assert.deepEqual(
      errors,
      ['admin request failed {"command":"rotate"}'],
      "logged locally, without the error's text",
    );
    assert.equal((await connection.request({ type: "log" })).type, "log");
  } finally {
    connection.close();
  }
});
