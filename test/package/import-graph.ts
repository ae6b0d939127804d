/**
 * The project's import graph as written in its sources: every import, export-from, side-effect
 * import and import("…") of each .ts file (type-only ones too), resolved to a root-relative path
 * for relative specifiers and kept as written otherwise (node:…, packages).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { ROOT } from "../helpers/root.ts";

const SPECIFIERS = [
  /(?:^|[\n;])\s*(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']/g,
  /(?:^|[\n;])\s*import\s*["']([^"']+)["']/g,
  /\bimport\(\s*["']([^"']+)["']\s*\)/g,
];

export interface ImportEdge {
  /** The importing file, relative to the root, with forward slashes. */
  from: string;
  /** A root-relative path for relative specifiers, else the specifier itself. */
  to: string;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (name.endsWith(".ts")) out.push(path);
  }
  return out;
}

const rootRelative = (path: string) => relative(ROOT, path).split("\\").join("/");

/** Every import of every .ts file under `dirs` (root-relative folders). */
export function importEdges(dirs: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of dirs.flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    const text = readFileSync(file, "utf8");
    for (const pattern of SPECIFIERS) {
      for (const [, spec] of text.matchAll(pattern)) {
        if (spec === undefined) continue;
        const to = spec.startsWith(".") ? rootRelative(resolve(dirname(file), spec)) : spec;
        edges.push({ from: rootRelative(file), to });
      }
    }
  }
  return edges;
}

/** One import cycle among the files of `edges` (as the files in order), or undefined. */
export function findCycle(edges: readonly ImportEdge[]): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (file: string): string[] | undefined => {
    if (onPath.has(file)) return [...path.slice(path.indexOf(file)), file];
    if (done.has(file)) return undefined;
    path.push(file);
    onPath.add(file);
    for (const to of next.get(file) ?? []) {
      const cycle = visit(to);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(file);
    done.add(file);
    return undefined;
  };
  for (const file of next.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return undefined;
}
