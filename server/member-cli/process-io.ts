/** The real process's stdin / stdout / stderr for the command line. */
import { GryptError } from "../../shared/errors.ts";
import type { CliIo } from "./context.ts";

async function readAll(maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > maxBytes) throw new GryptError("INVALID_ARGUMENT", `input is larger than ${maxBytes} bytes`);
    chunks.push(buffer);
  }
  try {
    // ignoreBOM: a byte order mark is text to pass through, not to drop.
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new GryptError("INVALID_ENCODING", "input is not valid UTF-8 text");
  }
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readStdin: readAll,
  stdoutIsTerminal: process.stdout.isTTY === true,
};
