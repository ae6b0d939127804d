/**
 * Newline-delimited text from a socket, with a size limit on each line. Only the newest chunk
 * is searched for a newline, so a long line arriving in many chunks costs linear time.
 */
export class LineReader {
  readonly #maxChars: number;
  #parts: string[] = [];
  #length = 0;

  constructor(maxChars: number) {
    this.#maxChars = maxChars;
  }

  /** The complete lines in `chunk` (with what came before); "too-large" once a line passes the limit. */
  push(chunk: string): string[] | "too-large" {
    const lines: string[] = [];
    let from = 0;
    for (let newline = chunk.indexOf("\n"); newline >= 0; newline = chunk.indexOf("\n", from)) {
      this.#parts.push(chunk.slice(from, newline));
      lines.push(this.#parts.join(""));
      this.#parts = [];
      this.#length = 0;
      from = newline + 1;
    }
    const rest = chunk.slice(from);
    if (rest.length > 0) {
      this.#parts.push(rest);
      this.#length += rest.length;
    }
    if (this.#length > this.#maxChars || lines.some((line) => line.length > this.#maxChars))
      return "too-large";
    return lines;
  }
}
