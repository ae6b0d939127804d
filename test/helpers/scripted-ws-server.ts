/**
 * A ScriptedServer on a real WebSocket (127.0.0.1, port 0), for tests that run the `grypt`
 * command line as a process against a server whose every frame the test decides: an impostor,
 * or a man in the middle on `ws://`.
 */
import { once } from "node:events";
import { WebSocketServer } from "ws";
import { formatInvite } from "../../shared/invite.ts";
import type { ScriptedServer } from "./scripted-server.ts";

export interface ScriptedWsServer {
  url: string;
  /** The invite pinning the scripted server's key. */
  invite: string;
  close(): Promise<void>;
}

export async function serveScripted(server: ScriptedServer): Promise<ScriptedWsServer> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await once(wss, "listening");
  wss.on("connection", (ws) => {
    const handlers = server.accept({
      send: (text) => ws.send(text),
      close: (code, reason) => ws.close(code, reason),
    });
    ws.on("message", (data) => handlers.onMessage(String(data)));
    ws.on("close", (code) => handlers.onClose(code));
  });
  const address = wss.address();
  if (address === null || typeof address === "string") throw new Error("expected a TCP address");
  const url = `ws://127.0.0.1:${address.port}/`;
  return {
    url,
    invite: formatInvite({ url, fingerprintHex: server.identity.fingerprintHex }),
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
