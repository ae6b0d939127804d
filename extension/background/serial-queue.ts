/** Runs async read-modify-write steps one after another (per name), so concurrent handlers never lose updates. */
const tails = new Map<string, Promise<unknown>>();

export function serialized<T>(name: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(name) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.catch(() => undefined);
  tails.set(name, tail);
  void tail.then(() => {
    if (tails.get(name) === tail) tails.delete(name);
  });
  return run;
}
