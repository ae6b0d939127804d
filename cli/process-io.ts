/** The real process's stdin / stdout / stderr for the command line. */
import { GryptError } from "../shared/errors.ts";
import { type CliIo, decodeUtf8Exactly } from "./context.ts";

async function readBytes(maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > maxBytes)
      throw new GryptError("INVALID_ARGUMENT", `input is larger than ${maxBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

async function readText(maxBytes: number): Promise<string> {
  const text = decodeUtf8Exactly(await readBytes(maxBytes));
  if (text === undefined) throw new GryptError("INVALID_ENCODING", "input is not valid UTF-8 text");
  return text;
}

export const processIo: CliIo = {
  stdout: (out) => void process.stdout.write(out),
  stderr: (text) => void process.stderr.write(text),
  readStdin: readText,
  readStdinBytes: readBytes,
  stdoutIsTerminal: process.stdout.isTTY === true,
};
