/**
 * Starts one wrap worker (rsa-wrap-worker.ts). Built (scripts/build-node.ts), this code and the
 * worker are JavaScript side by side in dist/node/. From source (tests and benchmarks under tsx)
 * the worker is TypeScript, and Node 20 does not hand the main thread's tsx loader to workers: the
 * worker then registers tsx itself before it loads the source.
 */
import { Worker } from "node:worker_threads";

const FROM_SOURCE = import.meta.url.endsWith(".ts");

export function startWrapWorker(workerData: { wrappedBytes: number }): Worker {
  if (!FROM_SOURCE)
    return new Worker(new URL("./rsa-wrap-worker.js", import.meta.url), { workerData });
  const tsx = import.meta.resolve("tsx/esm/api");
  const source = new URL("./rsa-wrap-worker.ts", import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
