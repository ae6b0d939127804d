/**
 * The layers keep their directions: shared/ runs in browsers and Node alike, node-only/ is the
 * Node helpers the server and the CLI share, the member CLI does not reach into the server, the
 * content script does not pull in the background, and no file imports itself through others.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { findCycle, type ImportEdge, importEdges } from "./import-graph.ts";

const edges = importEdges(["shared", "node-only", "server", "cli", "extension"]);

function offending(fromDir: string, bad: (to: string) => boolean): string[] {
  return edges
    .filter((edge) => edge.from.startsWith(fromDir) && bad(edge.to))
    .map((edge) => `${edge.from} → ${edge.to}`);
}

const under =
  (...dirs: string[]) =>
  (to: string) =>
    dirs.some((dir) => to.startsWith(dir));

test("the import graph is read (a walk that found nothing would pass anything)", () => {
  const has = (from: string, to: string) =>
    edges.some((edge: ImportEdge) => edge.from === from && edge.to === to);
  assert.ok(has("server/bin/grypt-server.ts", "server/main.ts"));
  assert.ok(has("server/net/ws-server.ts", "ws"));
  assert.ok(
    edges.some((edge) => edge.from.startsWith("extension/") && edge.to.startsWith("shared/")),
  );
});

test("shared/ imports neither node: modules nor server/, cli/, node-only/ or extension/", () => {
  assert.deepEqual(
    offending(
      "shared/",
      (to) => to.startsWith("node:") || under("server/", "cli/", "node-only/", "extension/")(to),
    ),
    [],
  );
});

test("node-only/ imports only node: modules, shared/ and itself", () => {
  assert.deepEqual(
    offending("node-only/", (to) => !to.startsWith("node:") && !under("shared/", "node-only/")(to)),
    [],
  );
});

test("cli/ never imports server/", () => {
  assert.deepEqual(offending("cli/", under("server/")), []);
});

test("extension/ imports no node: modules, server/, cli/ or node-only/", () => {
  assert.deepEqual(
    offending(
      "extension/",
      (to) => to.startsWith("node:") || under("server/", "cli/", "node-only/")(to),
    ),
    [],
  );
});

test("extension/content/ never imports extension/background/", () => {
  assert.deepEqual(offending("extension/content/", under("extension/background/")), []);
});

test("no import cycles, type-only imports included", () => {
  assert.equal(findCycle(edges)?.join(" → "), undefined);
});

test("the cycle finder finds a cycle", () => {
  const cycle = findCycle([
    { from: "a.ts", to: "b.ts" },
    { from: "b.ts", to: "c.ts" },
    { from: "c.ts", to: "a.ts" },
    { from: "c.ts", to: "d.ts" },
  ]);
  assert.deepEqual(cycle, ["a.ts", "b.ts", "c.ts", "a.ts"]);
});
