/**
 * What the documents and manifests say matches the code: docs/errors.md lists exactly the error
 * codes and close codes the code defines, no server file closes a socket with a bare number, and
 * every place that states grypt's version states the same one.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { ERROR_CODES } from "../../shared/errors.ts";
import { CLOSE_CODES } from "../../shared/protocol/close-codes.ts";
import { GRYPT_VERSION } from "../../shared/version.ts";
import { ROOT } from "../helpers/root.ts";

const errorsDoc = readFileSync(join(ROOT, "docs/errors.md"), "utf8");

/** The rows of the markdown table that follows `heading`, as arrays of trimmed cells. */
function tableAfter(doc: string, heading: string): string[][] {
  const start = doc.indexOf(heading);
  assert.ok(start >= 0, `docs/errors.md has no "${heading}"`);
  const rows: string[][] = [];
  let inTable = false;
  for (const line of doc.slice(start).split("\n").slice(1)) {
    if (line.startsWith("|")) {
      inTable = true;
      rows.push(
        line
          .split("|")
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    } else if (inTable) break;
  }
  return rows.slice(2); // the header and its divider
}

const unquote = (cell: string | undefined) => (cell ?? "").replace(/`/g, "");

it("docs/errors.md lists exactly ERROR_CODES, in order", () => {
  const documented = tableAfter(errorsDoc, "# Error codes").map((row) => unquote(row[0]));
  assert.deepEqual(documented, [...ERROR_CODES]);
});

it("docs/errors.md lists exactly CLOSE_CODES, with their numbers", () => {
  const documented = tableAfter(errorsDoc, "## WebSocket close codes")
    .map((row) => [unquote(row[1]), Number(row[0])] as const)
    .sort((a, b) => a[1] - b[1]);
  const defined = Object.entries(CLOSE_CODES).sort((a, b) => a[1] - b[1]);
  assert.deepEqual(documented, defined);
});

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

it("server code closes sockets with named codes only", () => {
  const literal = /\.close\(\s*\d/;
  const offenders = sourceFiles("server").filter((file) =>
    literal.test(readFileSync(file, "utf8")),
  );
  assert.deepEqual(offenders, [], "use CLOSE_CODES.<NAME>, not a number");
});

it("package.json, manifest.json and shared/version.ts state the same version", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  const manifest = JSON.parse(readFileSync(join(ROOT, "manifest.json"), "utf8")) as {
    version: string;
  };
  assert.equal(pkg.version, GRYPT_VERSION);
  assert.equal(manifest.version, GRYPT_VERSION);
});
