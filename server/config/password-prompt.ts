/** Read a password on the terminal without echoing it (raw mode; Ctrl-C aborts). */
import { GryptError } from "../../shared/errors.ts";

export function promptHidden(question: string, input: NodeJS.ReadStream = process.stdin): Promise<string> {
  const output = process.stderr;
  return new Promise((resolvePassword, reject) => {
    let typed = "";
    // Echo off before the question appears: whatever is typed once it shows is never echoed.
    const wasRaw = input.isRaw;
    input.setRawMode(true);
    output.write(question);
    input.setEncoding("utf8");
    input.resume();
    const finish = (error?: GryptError) => {
      input.setRawMode(wasRaw);
      input.pause();
      input.off("data", onData);
      output.write("\n");
      if (error) reject(error);
      else resolvePassword(typed);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") return finish();
        if (char === "\u0003" || char === "\u0004") {
          return finish(new GryptError("INVALID_ARGUMENT", "password entry cancelled"));
        }
        if (char === "\u007f" || char === "\b") typed = typed.slice(0, -1);
        else if (char >= " ") typed += char;
      }
    };
    input.on("data", onData);
  });
}
