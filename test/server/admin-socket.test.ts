/** The admin socket protocol: each line one request, bad lines get named errors, the server goes on. */
import assert from "node:assert/strict";
import { createConnection } from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
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
    socket.on("close", () => resolve(buffer.split("\n").filter(Boolean).map((l) => JSON.parse(l))));
    socket.write(text);
  });
}

test("requests are answered in order; bad lines get errors with codes", async () => {
  const answers = await exchange(
    ['{"type":"status"}', "not json", '{"type":"launch"}', '{"type":"approve","prefix":"xyz"}', '{"type":"log","limit":2}', ""].join("\n"),
    5,
  );
  assert.deepEqual(
    answers.map((a) => (a.type === "error" ? `error:${a.code}` : a.type)),
    ["status", "error:MESSAGE_NOT_JSON", "error:MESSAGE_INVALID", "error:MESSAGE_INVALID", "log"],
  );
});

test("an overlong line is refused and the connection closed", async () => {
  const answers = await exchange("x".repeat(10_000), 1);
  assert.deepEqual(answers, [{ type: "error", code: "MESSAGE_TOO_LARGE", message: "admin request too long" }]);
  const status = await exchange('{"type":"status"}\n', 1);
  assert.equal(status[0]!.type, "status");
});
