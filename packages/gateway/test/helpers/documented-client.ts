import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * test/documented-clients/: clients written for these tests that do what the published clients
 * of UMA, MonServ, NZB Flow and Tvheadend do (each file says which document and example).
 */
export const DOCUMENTED_CLIENTS_DIR = fileURLToPath(new URL("../documented-clients/", import.meta.url));

/** The absolute path of `file` in test/documented-clients/; throws naming it when it is missing. */
export function documentedClient(file: string): string {
  const path = `${DOCUMENTED_CLIENTS_DIR}${file}`;
  if (!existsSync(path)) throw new Error(`documented client ${path} is missing`);
  return path;
}
