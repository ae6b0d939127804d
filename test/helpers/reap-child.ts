/** Kill a spawned child if the test process ends first; resolves with its exit code. */
import type { ChildProcess } from "node:child_process";

export function reapOnExit(child: ChildProcess): Promise<number | null> {
  const reap = () => child.kill("SIGKILL");
  process.once("exit", reap);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      process.off("exit", reap);
      resolve(code);
    }),
  );
}
