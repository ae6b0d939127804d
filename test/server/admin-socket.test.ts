/** The admin socket protocol: each line one request, bad lines get named errors, the server goes on. */
import assert from "node:assert/strict";
import { chmodSync } from "node:fs";
import { createConnection, createServer, type Socket } from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { AdminConnection } from "../../server/admin/admin-client.ts";
import { type ServerProcess, startServer, tempDir } from "./helpers/server-process.ts";

let server: ServerProcess;
before(async () => {
  server = await startServer(join(tempDir(), "group.grypt"));
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

function exchange(text: string, lines: number): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(server.socket);
    let buffer = "";
    socket.on("error", reject);
    socket.on("data", (d) => {
      buffer += d.toString();
      const got = buffer.split("\n").filter(Boolean);
      if (got.length >= lines) {
        socket.destroy();
        resolve(got.map((l) => JSON.parse(l) as Record<string, unknown>));
      }
    });
    socket.on("close", () =>
      resolve(
        buffer
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      ),
    );
    socket.write(text);
  });
}

test("requests are answered in order; bad lines get errors with codes", async () => {
  const answers = await exchange(
    [
      '{"type":"status"}',
      "not json",
      '{"type":"launch"}',
      '{"type":"approve","prefix":"xyz"}',
      '{"type":"log","limit":2}',
      "",
    ].join("\n"),
    5,
  );
  assert.deepEqual(
    answers.map((a) => (a.type === "error" ? `error:${a.code}` : a.type)),
    ["status", "error:MESSAGE_NOT_JSON", "error:MESSAGE_INVALID", "error:MESSAGE_INVALID", "log"],
  );
});

test("an overlong line is refused and the connection closed", async () => {
  const answers = await exchange("x".repeat(10_000), 1);
  assert.deepEqual(answers, [
    { type: "error", code: "MESSAGE_TOO_LARGE", message: "admin request too long" },
  ]);
  const status = await exchange('{"type":"status"}\n', 1);
  assert.equal(status[0]!.type, "status");
});

test("one admin connection carries several requests, each answer to its own request", async () => {
  const connection = await AdminConnection.open(server.socket);
  try {
    const [status, log, bad] = await Promise.all([
      connection.request({ type: "status" }),
      connection.request({ type: "log", limit: 1 }),
      connection.request({ type: "approve", prefixes: ["nobody"] }),
    ]);
    assert.equal(status.type, "status");
    assert.equal(log.type, "log");
    assert.equal(bad.type, "error");
    assert.equal((await connection.request({ type: "status" })).type, "status");
  } finally {
    connection.close();
  }
  await assert.rejects(connection.request({ type: "status" }), { code: "CONNECTION_CLOSED" });
});

/** A fake admin server at a private socket path, behaving as `behave` says. */
async function fakeAdmin(
  name: string,
  behave: (socket: Socket) => void,
): Promise<{ path: string; close(): void }> {
  const path = join(tempDir(), name);
  const fake = createServer(behave);
  await new Promise<void>((resolve) => fake.listen(path, resolve));
  chmodSync(path, 0o600);
  return { path, close: () => fake.close() };
}

test("a connection whose server stops answering fails its pending request, and later ones, loudly", async () => {
  const silent = await fakeAdmin("silent.sock", (socket) => socket.on("data", () => undefined));
  try {
    const connection = await AdminConnection.open(silent.path, 200);
    await assert.rejects(connection.request({ type: "status" }), { code: "TIMEOUT" });
    await assert.rejects(connection.request({ type: "status" }), { code: "TIMEOUT" });
  } finally {
    silent.close();
  }
});

test("an answer nobody asked for, or one that is not JSON, breaks the connection with a named error", async () => {
  const unasked = await fakeAdmin("unasked.sock", (socket) => socket.write('{"type":"status"}\n'));
  const garbled = await fakeAdmin("garbled.sock", (socket) =>
    socket.on("data", () => socket.write("not json\n")),
  );
  try {
    const first = await AdminConnection.open(unasked.path);
    await new Promise((r) => setTimeout(r, 50));
    await assert.rejects(first.request({ type: "status" }), { code: "MESSAGE_INVALID" });
    const second = await AdminConnection.open(garbled.path);
    await assert.rejects(second.request({ type: "status" }), { code: "MESSAGE_NOT_JSON" });
    await assert.rejects(second.request({ type: "status" }), { code: "MESSAGE_NOT_JSON" });
  } finally {
    unasked.close();
    garbled.close();
  }
});
