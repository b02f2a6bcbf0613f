import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The repository's recorded real outputs (`testdata/` at the root, provenance in
 * `testdata/SOURCES.md`). Resolved from this file's location (src/ or dist/, both two levels below
 * the package), so tests find them from any working directory.
 */
export const TESTDATA_DIR = fileURLToPath(new URL("../../../testdata/", import.meta.url));

/**
 * The absolute path of a recording, `relative` to `testdata/` (e.g. `proc/procfs/mdstat`).
 * Throws naming the missing file: a test without its data fails, it never skips.
 */
export function testdataPath(relative: string): string {
  const path = join(TESTDATA_DIR, relative);
  if (!existsSync(path))
    throw new Error(`recorded test data ${path} is missing (see testdata/SOURCES.md for what belongs there)`);
  return path;
}

/** A recording's text (UTF-8), by its path relative to `testdata/`. */
export function readTestdata(relative: string): string {
  return readFileSync(testdataPath(relative), "utf8");
}
