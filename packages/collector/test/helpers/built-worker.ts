import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The compiled parse worker. Worker threads load JavaScript, not the TypeScript sources vitest
 * runs, so pool tests need `pnpm --filter @wirewatch/collector build` first (turbo's
 * `test:integration` task depends on `build` for this reason).
 */
export const BUILT_WORKER_URL = new URL("../../dist/workers/parse-worker.js", import.meta.url);

export function requireBuiltWorker(): URL {
  if (!existsSync(fileURLToPath(BUILT_WORKER_URL))) {
    throw new Error(
      `${fileURLToPath(BUILT_WORKER_URL)} is missing: run \`pnpm --filter @wirewatch/collector build\` before the integration tests`,
    );
  }
  return BUILT_WORKER_URL;
}
