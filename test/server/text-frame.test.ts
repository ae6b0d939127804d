/**
 * Text frames written in one piece (server/net/text-frame.ts): a ws client reads them intact at
 * every length encoding, in order with frames ws sends itself, also when ws's sender holds
 * frames back (compression on), when the frame must wait behind them.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { WebSocket, WebSocketServer } from "ws";
import { sendTextFrame, textFrame } from "../../server/net/text-frame.ts";

type OnSocket = (ws: WebSocket, request: IncomingMessage) => void;

async function serve(
  perMessageDeflate: boolean,
  onSocket: OnSocket,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate });
  server.on("upgrade", (request, socket, head) =>
    wss.handleUpgrade(request, socket, head, (ws) => onSocket(ws, request)),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Connect and collect `count` text messages. */
function receive(url: string, count: number, perMessageDeflate: boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate });
    const got: string[] = [];
    ws.on("error", reject);
    ws.on("close", (code) => reject(new Error(`closed with ${code} after ${got.length} messages`)));
    ws.on("message", (data, isBinary) => {
      if (isBinary) reject(new Error("binary frame"));
      got.push(data.toString());
      if (got.length === count) {
        ws.close();
        resolve(got);
      }
    });
  });
}

test("textFrame uses the 7-bit, 16-bit and 64-bit length forms at their boundaries", () => {
  for (const [length, header] of [
    [0, 2],
    [125, 2],
    [126, 4],
    [65_535, 4],
    [65_536, 10],
  ] as const) {
    const frame = textFrame("a".repeat(length));
    assert.equal(frame.length, header + length, `length ${length}`);
    assert.equal(frame[0], 0x81);
    const declared =
      header === 2
        ? frame[1]
        : header === 4
          ? frame.readUInt16BE(2)
          : Number(frame.readBigUInt64BE(2));
    assert.equal(declared, length);
    assert.equal(frame[1]! & 0x80, 0, "server frames are not masked");
  }
  // The length counts UTF-8 bytes, not characters.
  assert.equal(textFrame("€".repeat(42))[1], 126);
  assert.equal(textFrame("€".repeat(41))[1], 123);
});

test("frames written in one piece arrive intact and in order with ws's own frames", async () => {
  const texts = [
    "",
    "short",
    "é€😀".repeat(20),
    "x".repeat(125),
    "y".repeat(126),
    "z".repeat(65_535),
    "ü".repeat(40_000),
    "w".repeat(70_000),
  ];
  const sent: string[] = [];
  const server = await serve(false, (ws, request) => {
    for (const [i, text] of texts.entries()) {
      sent.push(text, `ws ${i}`);
      sendTextFrame(ws, request.socket, text);
      ws.send(`ws ${i}`);
    }
  });
  try {
    assert.deepEqual(await receive(server.url, 2 * texts.length, false), sent);
  } finally {
    await server.close();
  }
});

test("while ws holds frames back (compressing), a frame waits behind them", async () => {
  const big = JSON.stringify(Array.from({ length: 4000 }, (_, i) => ({ i, text: "compressible" })));
  const server = await serve(true, (ws, request) => {
    ws.send(big); // compressed off the main thread: ws queues what comes after it
    sendTextFrame(ws, request.socket, "after the big one");
    ws.send("last");
  });
  try {
    assert.deepEqual(await receive(server.url, 3, true), [big, "after the big one", "last"]);
  } finally {
    await server.close();
  }
});
