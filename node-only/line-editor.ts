/**
 * The line editing of a hidden password prompt (hidden-prompt.ts), on raw terminal input:
 * Enter (CR, LF or CR LF, even split over two reads) ends a line; Backspace deletes the last
 * character (a whole emoji, not half of it); Ctrl-U clears the line; escape sequences (arrow
 * keys: ESC [ … final, ESC O x) are not part of the password, while a lone Escape is dropped
 * alone; Ctrl-C and Ctrl-D cancel, even in the middle of a sequence.
 */
import { GryptError } from "../shared/errors.ts";

/** What typing produced: a finished line and the text after it, a cancel, or nothing yet. */
export type Typed =
  | { kind: "line"; line: string; rest: string }
  | { kind: "cancel"; error: GryptError }
  | { kind: "more" };

export class LineEditor {
  #typed = "";
  #sequence: "none" | "esc" | "csi" | "ss3" = "none";
  /** The last line ended with CR: an LF right after it belongs to that Enter. */
  #afterCr = false;

  feed(text: string): Typed {
    for (let i = 0; i < text.length; i++) {
      const char = text[i]!;
      const afterCr = this.#afterCr;
      this.#afterCr = false;
      if (char === "\n" && afterCr) continue;
      if (char === "\r" || char === "\n") {
        const line = this.#typed;
        this.#typed = "";
        this.#sequence = "none";
        this.#afterCr = char === "\r";
        return { kind: "line", line, rest: text.slice(i + 1) };
      }
      if (char === "\u0003")
        return this.#cancel(new GryptError("CANCELLED", "password entry cancelled (Ctrl-C)"));
      if (char === "\u0004")
        return this.#cancel(new GryptError("INVALID_ARGUMENT", "password entry ended (Ctrl-D)"));
      if (this.#inSequence(char)) continue;
      if (char === "\u001b") this.#sequence = "esc";
      else if (char === "\u007f" || char === "\b")
        this.#typed = Array.from(this.#typed).slice(0, -1).join("");
      else if (char === "\u0015") this.#typed = "";
      else if (char >= " ") this.#typed += char;
    }
    return { kind: "more" };
  }

  /** `text` not fed yet, as another reader should get it (without the LF of the last CR LF). */
  unconsumed(text: string): string {
    return this.#afterCr && text.startsWith("\n") ? text.slice(1) : text;
  }

  /** Whether `char` belongs to an escape sequence (then it is dropped). */
  #inSequence(char: string): boolean {
    switch (this.#sequence) {
      case "none":
        return false;
      case "esc":
        this.#sequence = char === "[" ? "csi" : char === "O" ? "ss3" : "none";
        return this.#sequence !== "none"; // after a lone Escape, the next key counts
      case "ss3":
        this.#sequence = "none";
        return true;
      case "csi":
        if (char >= "@" && char <= "~") this.#sequence = "none";
        return true;
      default: {
        const never: never = this.#sequence;
        return never;
      }
    }
  }

  #cancel(error: GryptError): Typed {
    this.#typed = "";
    this.#sequence = "none";
    return { kind: "cancel", error };
  }
}
