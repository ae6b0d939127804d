/**
 * Starts one wrap worker (rsa-wrap-worker.ts). Built (scripts/build-node.ts), this code and the
 * worker are JavaScript side by side in dist/node/. From source (tests and benchmarks under tsx)
 * the worker is TypeScript, and Node 20 does not hand the main thread's tsx loader to workers:
 * its source is then compiled once with esbuild (a development package, as tsx is) and each
 * worker runs that, which starts far faster than a worker that loads tsx itself.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

const FROM_SOURCE = import.meta.url.endsWith(".ts");
let compiled: string | undefined;

/** What this file uses of esbuild (not a dependency of the built package, so no import of it). */
interface Transformer {
  transformSync(
    code: string,
    options: { loader: "ts"; format: "cjs"; target: string },
  ): {
    code: string;
  };
}

function compiledSource(): string {
  const load = createRequire(import.meta.url);
  const esbuild = load("esbuild") as Transformer;
  const source = readFileSync(new URL("./rsa-wrap-worker.ts", import.meta.url), "utf8");
  return esbuild.transformSync(source, { loader: "ts", format: "cjs", target: "node20" }).code;
}

export function startWrapWorker(workerData: { wrappedBytes: number }): Worker {
  if (!FROM_SOURCE)
    return new Worker(new URL("./rsa-wrap-worker.js", import.meta.url), { workerData });
  compiled ??= compiledSource();
  return new Worker(compiled, { eval: true, workerData });
}
