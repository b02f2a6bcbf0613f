import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The recorded /proc and /sys trees of DESIGN §9, read in place from `../shared/fixtures`
 * beside the checkout (never copied into the repo, never edited). Resolved from this file's
 * URL so tests work from any working directory.
 */
const packageRoot = new URL("../../", import.meta.url);
export const FIXTURES_DIR = fileURLToPath(new URL("../../../shared/fixtures/", packageRoot));

export function fixturePath(relative: string): string {
  if (!existsSync(FIXTURES_DIR)) {
    throw new Error(
      `recorded fixtures not found at ${FIXTURES_DIR}: the collector tests read /work/shared/fixtures ` +
        "(../../../shared/fixtures from packages/collector); check out the shared tree beside the repository",
    );
  }
  const path = join(FIXTURES_DIR, relative);
  if (!existsSync(path))
    throw new Error(`fixture ${relative} not found under ${FIXTURES_DIR} (see SOURCES.md there)`);
  return path;
}

export function readFixture(relative: string): string {
  return readFileSync(fixturePath(relative), "utf8");
}
