import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * `import … from "x"`, `export … from "x"` and `import "x"` statements; group 1 is set for
 * `import type` / `export type`, which compile to nothing. Dynamic `import("x")` is not matched:
 * it loads only when the code runs.
 */
const STATEMENT =
  /^\s*(?:import|export)\s+(type\s)?[^;]*?from\s*["']([^"']+)["']\s*;|^\s*import\s*["']([^"']+)["']\s*;/gm;

/**
 * The packages `file` loads when it is imported: bare specifiers of its static imports and of
 * every relative module they reach, type-only imports left out (they are erased).
 */
export function bareImports(file: string, seen = new Set<string>()): Set<string> {
  const bare = new Set<string>();
  if (seen.has(file)) return bare;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  for (const [, typeOnly, from, sideEffect] of text.matchAll(STATEMENT)) {
    const specifier = from ?? sideEffect ?? "";
    if (typeOnly) continue;
    if (specifier.startsWith(".")) {
      const target = join(dirname(file), specifier.replace(/\.js$/, ".ts"));
      for (const name of bareImports(target, seen)) bare.add(name);
    } else bare.add(specifier);
  }
  return bare;
}
