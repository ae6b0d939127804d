/** Waiting for a site's editor to process input events and render (they batch in microtasks or frames). */

export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Reads after the editor had a task to react (editors fix up the DOM from mutation observers),
 * then polls `done` after each of a few short waits; resolves with the last reading.
 */
export async function waitUntil<T>(
  read: () => T,
  done: (value: T) => boolean,
  waitsMs = [20, 60, 150],
): Promise<T> {
  await nextTask();
  let value = read();
  for (const wait of waitsMs) {
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, wait));
    value = read();
  }
  return value;
}
